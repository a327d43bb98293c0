import { qualifiedResource, type ResourceType } from './resources.ts';

/** An API error, carried to the client as a `Status` object with the real reason and message. */
export class ApiError extends Error {
  readonly code: number;
  readonly reason: string;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: number, reason: string, message: string, details?: Record<string, unknown>) {
    super(message);
    this.code = code;
    this.reason = reason;
    this.details = details;
  }

  toStatus(): Record<string, unknown> {
    return {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: this.message,
      reason: this.reason,
      ...(this.details ? { details: this.details } : {}),
      code: this.code,
    };
  }
}

function details(t: ResourceType, name: string): Record<string, unknown> {
  return { name, ...(t.group ? { group: t.group } : {}), kind: t.plural };
}

export function notFound(t: ResourceType, name: string): ApiError {
  return new ApiError(404, 'NotFound', `${qualifiedResource(t)} "${name}" not found`, details(t, name));
}

export function alreadyExists(t: ResourceType, name: string): ApiError {
  return new ApiError(
    409,
    'AlreadyExists',
    `${qualifiedResource(t)} "${name}" already exists`,
    details(t, name),
  );
}

export function conflict(t: ResourceType, name: string): ApiError {
  return new ApiError(
    409,
    'Conflict',
    `Operation cannot be fulfilled on ${qualifiedResource(t)} "${name}": the object has been modified; please apply your changes to the latest version and try again`,
    details(t, name),
  );
}

export function badRequest(message: string): ApiError {
  return new ApiError(400, 'BadRequest', message);
}

export interface FieldError {
  readonly field: string;
  readonly message: string;
  readonly reason?: string;
}

/** 422 Invalid, worded as the apiserver words field validation errors. */
export function invalid(t: ResourceType, name: string, errors: readonly FieldError[]): ApiError {
  const messages = errors.map((e) => `${e.field}: ${e.message}`);
  const joined = messages.length === 1 ? messages[0] : `[${messages.join(', ')}]`;
  const kind = t.group ? `${t.kind}.${t.group}` : t.kind;
  return new ApiError(422, 'Invalid', `${kind} "${name}" is invalid: ${joined}`, {
    name,
    ...(t.group ? { group: t.group } : {}),
    kind: t.kind,
    causes: errors.map((e) => ({
      reason: e.reason ?? 'FieldValueInvalid',
      message: e.message,
      field: e.field,
    })),
  });
}
