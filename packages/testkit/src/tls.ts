import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** A PEM certificate and its unencrypted PEM key on disk. */
export interface CertificateFiles {
  readonly certFile: string;
  readonly keyFile: string;
}

/** Curve P-256 keys: fast to make, accepted by Go's TLS stack and as ES256 JWT signers by libtrust. */
const newKey = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];

/** A self-signed certificate authority made with the `openssl` CLI, valid for two days. */
export async function createCertificateAuthority(
  dir: string,
  commonName = 'digestflow testkit CA',
): Promise<CertificateFiles> {
  const files = { certFile: join(dir, 'ca.crt'), keyFile: join(dir, 'ca.key') };
  await run('openssl', [
    'req',
    '-x509',
    ...newKey,
    '-keyout',
    files.keyFile,
    '-out',
    files.certFile,
    '-days',
    '2',
    '-subj',
    `/CN=${commonName}`,
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
  ]);
  return files;
}

/**
 * A leaf certificate signed by `ca`. `names` become subject alternative names (IP addresses as
 * `IP:`, the rest as `DNS:`); Go clients ignore the common name, so they are what counts.
 */
export async function issueCertificate(
  ca: CertificateFiles,
  dir: string,
  name: string,
  options: { names?: readonly string[]; usage?: 'serverAuth' | 'signing' } = {},
): Promise<CertificateFiles> {
  const files = { certFile: join(dir, `${name}.crt`), keyFile: join(dir, `${name}.key`) };
  const names = options.names ?? [];
  const extensions = ['basicConstraints=critical,CA:FALSE'];
  if (names.length > 0) {
    const alt = names.map((n) => (/^[\d.]+$|:/.test(n) ? `IP:${n}` : `DNS:${n}`));
    extensions.push(`subjectAltName=${alt.join(',')}`);
  }
  extensions.push(
    options.usage === 'signing' ? 'keyUsage=critical,digitalSignature' : 'extendedKeyUsage=serverAuth',
  );
  await run('openssl', [
    'req',
    '-x509',
    ...newKey,
    '-CA',
    ca.certFile,
    '-CAkey',
    ca.keyFile,
    '-keyout',
    files.keyFile,
    '-out',
    files.certFile,
    '-days',
    '2',
    '-subj',
    `/CN=${names[0] ?? name}`,
    ...extensions.flatMap((e) => ['-addext', e]),
  ]);
  return files;
}

/** The DER bytes of a PEM certificate, base64 (standard alphabet), as a JWS `x5c` entry wants them. */
export async function certificateDerBase64(certFile: string): Promise<string> {
  const pem = await readFile(certFile, 'utf8');
  const body = /-----BEGIN CERTIFICATE-----([\s\S]+?)-----END CERTIFICATE-----/.exec(pem)?.[1];
  if (!body) throw new Error(`${certFile}: no PEM certificate`);
  return body.replace(/\s+/g, '');
}

/** The localhost names a loopback server certificate covers. */
export const loopbackNames: readonly string[] = ['127.0.0.1', 'localhost', '::1'];
