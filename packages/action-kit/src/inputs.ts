import * as core from '@actions/core';
import { ConfigurationError, inInput } from '@digestflow/core';

/** An input's text, trimmed; `undefined` when empty. */
export function optionalInput(name: string): string | undefined {
  const value = core.getInput(name).trim();
  return value === '' ? undefined : value;
}

/** An input that must be given; `expected` says what a valid value looks like. */
export function requiredInput(name: string, expected: string): string {
  const value = optionalInput(name);
  if (value === undefined) throw new ConfigurationError(`is required: ${expected}`, { input: name });
  return value;
}

export function booleanInput(name: string, fallback: boolean): boolean {
  const value = optionalInput(name)?.toLowerCase();
  if (value === undefined) return fallback;
  if (['true', 'yes', '1', 'on'].includes(value)) return true;
  if (['false', 'no', '0', 'off'].includes(value)) return false;
  throw new ConfigurationError(`expected true or false, got '${value}'`, { input: name });
}

/** Lines or comma-separated items; blank items and `#` comments dropped. */
export function listInput(name: string): string[] {
  return (optionalInput(name) ?? '')
    .split(/\r?\n/)
    .map((line) => line.replace(/(^|\s)#.*$/, ''))
    .flatMap((line) => line.split(','))
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

export function choiceInput<T extends string>(name: string, choices: readonly T[], fallback: T): T {
  const value = optionalInput(name) ?? fallback;
  if (!(choices as readonly string[]).includes(value)) {
    throw new ConfigurationError(`expected one of ${choices.join(', ')}, got '${value}'`, { input: name });
  }
  return value as T;
}

/** Runs a library parser on an input, so its error names the input. */
export function parsedInput<T>(
  name: string,
  parse: (value: string) => T,
  value = optionalInput(name),
): T | undefined {
  return value === undefined ? undefined : inInput(name, () => parse(value));
}

/** Reads a secret input and masks it before anything else can print it. */
export function secretInput(name: string): string | undefined {
  const value = optionalInput(name);
  if (value !== undefined) core.setSecret(value);
  return value;
}

/** Non-empty lines, each trimmed, for inputs whose items may contain commas (labels, build args). */
export function linesInput(name: string): string[] {
  return (optionalInput(name) ?? '')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
}
