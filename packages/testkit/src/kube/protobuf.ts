import { ApiError } from './errors.ts';

/**
 * kubectl's typed clients send protobuf request bodies (`kubectl create namespace|configmap|
 * secret|serviceaccount`), and client-go does not fall back to JSON on a 415. This decodes the
 * `k8s\0` envelope (runtime.Unknown) and those few simple kinds into JSON objects; anything else
 * is refused with 415 as a server without that type's protobuf would.
 */
type Field =
  | { readonly name: string; readonly type: 'string' | 'bool' | 'base64' }
  | { readonly name: string; readonly type: 'strings' }
  | { readonly name: string; readonly type: 'map'; readonly values: 'string' | 'base64' }
  | { readonly name: string; readonly type: 'message' | 'messages'; readonly schema: Schema };

type Schema = Readonly<Record<number, Field>>;

const objectMeta: Schema = {
  1: { name: 'name', type: 'string' },
  2: { name: 'generateName', type: 'string' },
  3: { name: 'namespace', type: 'string' },
  11: { name: 'labels', type: 'map', values: 'string' },
  12: { name: 'annotations', type: 'map', values: 'string' },
  14: { name: 'finalizers', type: 'strings' },
};
const metadata: Field = { name: 'metadata', type: 'message', schema: objectMeta };

const kinds: Record<string, Schema> = {
  'v1/Namespace': {
    1: metadata,
    2: { name: 'spec', type: 'message', schema: { 1: { name: 'finalizers', type: 'strings' } } },
  },
  'v1/ConfigMap': {
    1: metadata,
    2: { name: 'data', type: 'map', values: 'string' },
    3: { name: 'binaryData', type: 'map', values: 'base64' },
    4: { name: 'immutable', type: 'bool' },
  },
  'v1/Secret': {
    1: metadata,
    2: { name: 'data', type: 'map', values: 'base64' },
    3: { name: 'type', type: 'string' },
    4: { name: 'stringData', type: 'map', values: 'string' },
    5: { name: 'immutable', type: 'bool' },
  },
  'v1/ServiceAccount': {
    1: metadata,
    3: { name: 'imagePullSecrets', type: 'messages', schema: { 1: { name: 'name', type: 'string' } } },
    4: { name: 'automountServiceAccountToken', type: 'bool' },
  },
};

const magic = Buffer.from('k8s\0', 'latin1');

export function decodeProtobufObject(body: Buffer): Record<string, unknown> {
  if (!body.subarray(0, 4).equals(magic)) throw unsupported('not a Kubernetes protobuf envelope');
  const envelope = fields(body.subarray(4));
  const typeMeta = fields(envelope.get(1)?.[0] as Buffer);
  const apiVersion = text(typeMeta.get(1)?.[0]);
  const kind = text(typeMeta.get(2)?.[0]);
  const schema = kinds[`${apiVersion}/${kind}`];
  if (!schema) throw unsupported(`protobuf for ${apiVersion}/${kind} is not simulated; send JSON`);
  return { apiVersion, kind, ...decode(envelope.get(2)?.[0] as Buffer, schema) };
}

function decode(bytes: Buffer | undefined, schema: Schema): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [number, values] of fields(bytes ?? Buffer.alloc(0))) {
    const field = schema[number];
    if (!field) continue;
    switch (field.type) {
      case 'string':
        out[field.name] = text(values[0]);
        break;
      case 'base64':
        out[field.name] = (values[0] as Buffer).toString('base64');
        break;
      case 'bool':
        out[field.name] = values[0] === 1n;
        break;
      case 'strings':
        out[field.name] = values.map(text);
        break;
      case 'map': {
        const map: Record<string, string> = {};
        for (const entry of values) {
          const pair = fields(entry as Buffer);
          const value = pair.get(2)?.[0];
          map[text(pair.get(1)?.[0])] =
            field.values === 'base64'
              ? ((value as Buffer | undefined) ?? Buffer.alloc(0)).toString('base64')
              : text(value);
        }
        out[field.name] = map;
        break;
      }
      case 'message':
        out[field.name] = decode(values[0] as Buffer, field.schema);
        break;
      case 'messages':
        out[field.name] = values.map((v) => decode(v as Buffer, field.schema));
        break;
    }
  }
  for (const [key, value] of Object.entries(out)) {
    if (value === '' || (typeof value === 'object' && value !== null && Object.keys(value).length === 0))
      delete out[key];
  }
  return out;
}

/** The protobuf wire format: field number -> values (varints as bigint, length-delimited as bytes). */
function fields(bytes: Buffer): Map<number, (bigint | Buffer)[]> {
  const out = new Map<number, (bigint | Buffer)[]>();
  let offset = 0;
  const varint = (): bigint => {
    let result = 0n;
    let shift = 0n;
    for (;;) {
      const byte = bytes[offset++];
      if (byte === undefined) throw unsupported('truncated protobuf');
      result |= BigInt(byte & 0x7f) << shift;
      if (byte < 0x80) return result;
      shift += 7n;
    }
  };
  while (offset < bytes.length) {
    const key = Number(varint());
    const number = key >> 3;
    let value: bigint | Buffer;
    switch (key & 7) {
      case 0:
        value = varint();
        break;
      case 1:
        value = bytes.subarray(offset, offset + 8);
        offset += 8;
        break;
      case 2: {
        const length = Number(varint());
        value = bytes.subarray(offset, offset + length);
        offset += length;
        break;
      }
      case 5:
        value = bytes.subarray(offset, offset + 4);
        offset += 4;
        break;
      default:
        throw unsupported('unsupported protobuf wire type');
    }
    out.set(number, [...(out.get(number) ?? []), value]);
  }
  return out;
}

function text(value: bigint | Buffer | undefined): string {
  return Buffer.isBuffer(value) ? value.toString('utf8') : '';
}

function unsupported(detail: string): ApiError {
  return new ApiError(
    415,
    'UnsupportedMediaType',
    `the body of the request was in an unknown format - accepted media types include: application/json, application/yaml (${detail})`,
  );
}
