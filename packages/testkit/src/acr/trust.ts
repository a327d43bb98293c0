import { readFileSync } from 'node:fs';
import { getCACertificates, setDefaultCACertificates } from 'node:tls';

/**
 * Adds a CA to this process's default trust store (what NODE_EXTRA_CA_CERTS does at start),
 * for in-process clients that take no CA option (fetch, MSAL). Certificates stay verified.
 * Returns the function that restores the previous store.
 */
export function trustCertificateAuthority(caFile: string): () => void {
  const before = getCACertificates('default');
  setDefaultCACertificates([...before, readFileSync(caFile, 'utf8')]);
  return () => setDefaultCACertificates(before);
}
