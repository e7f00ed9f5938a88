// Type level only: compile-time assertions that two declarations of one shape cannot drift apart.

/** True when X and Y are identical types (not merely mutually assignable). */
export type Equals<X, Y> = (<T>() => T extends X ? 1 : 2) extends <T>() => T extends Y ? 1 : 2 ? true : false;

/** `type _ = Assert<Equals<A, B>>` fails to compile unless A and B are identical. */
export type Assert<T extends true> = T;
