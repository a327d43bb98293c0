import { execFile } from 'node:child_process';
import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface TestCertificates {
  /** PEM of the throwaway CA; trust it with NODE_EXTRA_CA_CERTS or a client's CA option. */
  readonly caFile: string;
  readonly certFile: string;
  readonly keyFile: string;
  /** A folder holding `ca.crt`, the layout skopeo and buildah read with `--cert-dir`. */
  readonly certDir: string;
}

/**
 * A CA and a server certificate for 127.0.0.1 and localhost, made with the openssl CLI so the
 * emulator speaks real TLS that clients verify (nothing switches certificate checks off).
 */
export async function createTestCertificates(dir: string): Promise<TestCertificates> {
  const file = (name: string) => join(dir, name);
  const certDir = file('certs.d');
  await mkdir(certDir, { recursive: true });
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  await run('openssl', [
    'req',
    '-x509',
    ...ec,
    '-keyout',
    file('ca.key'),
    '-out',
    file('ca.crt'),
    '-days',
    '2',
    '-subj',
    '/CN=digestflow test CA',
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
  ]);
  await run('openssl', [
    'req',
    ...ec,
    '-keyout',
    file('server.key'),
    '-out',
    file('server.csr'),
    '-subj',
    '/CN=127.0.0.1',
  ]);
  await writeFile(
    file('server.ext'),
    'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\nbasicConstraints=CA:FALSE\n',
  );
  await run('openssl', [
    'x509',
    '-req',
    '-in',
    file('server.csr'),
    '-CA',
    file('ca.crt'),
    '-CAkey',
    file('ca.key'),
    '-CAcreateserial',
    '-out',
    file('server.crt'),
    '-days',
    '2',
    '-extfile',
    file('server.ext'),
  ]);
  await copyFile(file('ca.crt'), join(certDir, 'ca.crt'));
  return { caFile: file('ca.crt'), certFile: file('server.crt'), keyFile: file('server.key'), certDir };
}
