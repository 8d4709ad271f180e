// Answers that depend only on a string, remembered across policies and setups: the same action
// names and resource patterns come back in policy after policy. Bounded in count and in key length,
// so hostile input (endless distinct strings, megabyte-long ones) cannot make it grow without limit.

/** Longer texts are computed each time, not remembered: real action names and ARNs are far shorter. */
const MAX_REMEMBERED_LENGTH = 512;

/** `compute` remembered for up to `limit` keys at a time (then it starts over). Treat the values as read-only: they are shared. */
export function memoizeByText<Value>(limit: number, compute: (text: string) => Value): (text: string) => Value {
  const remembered = new Map<string, Value>();
  return (text) => {
    if (text.length > MAX_REMEMBERED_LENGTH) return compute(text);
    let value = remembered.get(text);
    if (value === undefined) {
      if (remembered.size >= limit) remembered.clear();
      value = compute(text);
      remembered.set(text, value);
    }
    return value;
  };
}
