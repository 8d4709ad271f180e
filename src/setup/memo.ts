// Values computed once per object and key, and dropped with the object (a WeakMap of Maps): the
// requests built from a setup's parameters and the answers to the questions rules ask of a setup.

/** A cache: `get(owner, key, compute)` returns what `compute` gave the first time for that owner and key. Treat the values as read-only. */
export function perObject<Owner extends object, Value>(): (owner: Owner, key: string, compute: () => Value) => Value {
  const byOwner = new WeakMap<Owner, Map<string, Value>>();
  return (owner, key, compute) => {
    let values = byOwner.get(owner);
    if (values === undefined) byOwner.set(owner, (values = new Map()));
    let value = values.get(key);
    if (value === undefined) values.set(key, (value = compute()));
    return value;
  };
}
