// Type level only: compile-time assertions that two declarations of one shape cannot drift apart.

/** True when X and Y are identical types (not merely mutually assignable). */
export type Equals<X, Y> = (<T>() => T extends X ? 1 : 2) extends <T>() => T extends Y ? 1 : 2 ? true : false;

/** `type _ = Assert<Equals<A, B>>` fails to compile unless A and B are identical. */
export type Assert<T extends true> = T;

/**
 * The `default` of a switch over a union that lists every member: it does not compile while a member is missing
 * (the value is then not `never`), and throws if a value from outside the union gets past validation anyway.
 */
export function unreachable(value: never, what = "value"): never {
  throw new Error(`Seedgate: unexpected ${what}: ${JSON.stringify((value as { type?: unknown })?.type ?? value)}`);
}
