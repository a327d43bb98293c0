import { createHmac, timingSafeEqual } from 'node:crypto';

// Compact JWTs signed with HS256. Clients (the Azure SDK, MSAL) only decode the payload;
// the emulator alone verifies signatures, so a shared secret is enough.

export type JwtPayload = Record<string, unknown> & { exp?: number; iat?: number; nbf?: number };

const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

export function signJwt(payload: JwtPayload, secret: Buffer): string {
  const body = `${encode({ alg: 'HS256', typ: 'JWT' })}.${encode(payload)}`;
  return `${body}.${createHmac('sha256', secret).update(body).digest('base64url')}`;
}

/** The payload when the signature is ours and the token is within its lifetime, else undefined. */
export function verifyJwt(token: string, secret: Buffer, now = Date.now() / 1000): JwtPayload | undefined {
  const [header, payload, signature, ...rest] = token.split('.');
  if (header === undefined || payload === undefined || signature === undefined || rest.length > 0)
    return undefined;
  const expected = createHmac('sha256', secret).update(`${header}.${payload}`).digest();
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  let claims: JwtPayload;
  try {
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as JwtPayload;
  } catch {
    return undefined;
  }
  if (typeof claims.exp === 'number' && claims.exp < now) return undefined;
  if (typeof claims.nbf === 'number' && claims.nbf > now + 60) return undefined;
  return claims;
}

export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}
