// Amplitude's user and group property operations, applied to a state as Amplitude's servers
// apply them (https://amplitude.com/docs/apis/analytics/identify, and the Browser SDK's
// Identify: https://amplitude.com/docs/sdks/analytics/browser/browser-sdk-2#identify).
// One update applies its operations in Amplitude's order, which the official SDKs copy from
// the server (@amplitude/analytics-core, OrderedIdentifyOperations): $clearAll, $unset, $set,
// $setOnce, $add, $append, $prepend, $preInsert, $postInsert, $remove.
// An update without operations ({"plan": "pro"}, as events carry) sets what it names.

export type Properties = Record<string, unknown>;

export const PROPERTY_OPERATIONS = [
  "$clearAll",
  "$unset",
  "$set",
  "$setOnce",
  "$add",
  "$append",
  "$prepend",
  "$preInsert",
  "$postInsert",
  "$remove",
] as const;
export type PropertyOperation = (typeof PROPERTY_OPERATIONS)[number];
const OPERATIONS = new Set<string>(PROPERTY_OPERATIONS);

const isObject = (value: unknown): value is Properties =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** Whether an update is made of operations ($set, …) rather than plain properties. */
export const hasOperations = (update: Properties) => Object.keys(update).some((key) => OPERATIONS.has(key));

/** A value, or each value of an array: what list operations take. */
const valuesOf = (value: unknown): unknown[] => (Array.isArray(value) ? value : [value]);
/** A property as a list: none is empty, a single value becomes a list of it. */
const listOf = (value: unknown): unknown[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];
/** Values compare as their JSON (lists may hold strings, numbers, booleans and objects). */
const same = (a: unknown, b: unknown) => a === b || JSON.stringify(a) === JSON.stringify(b);
const includes = (list: unknown[], value: unknown) => list.some((item) => same(item, value));

type Apply = (state: Properties, key: string, value: unknown) => void;

const APPLY: Record<Exclude<PropertyOperation, "$clearAll">, Apply> = {
  $unset: (state, key) => delete state[key],
  $set: (state, key, value) => (state[key] = value),
  $setOnce: (state, key, value) => {
    if (!(key in state)) state[key] = value;
  },
  // A number added to a number; to a property not set, or not a number, the number itself.
  $add: (state, key, value) => {
    const amount = typeof value === "number" ? value : Number(value);
    if (!Number.isFinite(amount)) return;
    const current = state[key];
    state[key] = typeof current === "number" ? current + amount : amount;
  },
  $append: (state, key, value) => (state[key] = [...listOf(state[key]), ...valuesOf(value)]),
  $prepend: (state, key, value) => (state[key] = [...valuesOf(value), ...listOf(state[key])]),
  // Like $prepend and $append, for the values the list does not hold yet.
  $preInsert: (state, key, value) => {
    const list = listOf(state[key]);
    const fresh = valuesOf(value).filter(
      (item, i, all) => !includes(list, item) && all.findIndex((x) => same(x, item)) === i,
    );
    state[key] = [...fresh, ...list];
  },
  $postInsert: (state, key, value) => {
    const list = listOf(state[key]);
    const fresh = valuesOf(value).filter(
      (item, i, all) => !includes(list, item) && all.findIndex((x) => same(x, item)) === i,
    );
    state[key] = [...list, ...fresh];
  },
  $remove: (state, key, value) => {
    if (!(key in state)) return;
    const removed = valuesOf(value);
    state[key] = listOf(state[key]).filter((item) => !includes(removed, item));
  },
};

/** The state after `update`; `current` is left as it was. */
export function applyPropertyUpdate(current: Properties, update: Properties): Properties {
  if (!hasOperations(update)) return { ...current, ...update };
  let state: Properties = { ...current };
  for (const operation of PROPERTY_OPERATIONS) {
    const argument = update[operation];
    if (argument === undefined) continue;
    if (operation === "$clearAll") {
      state = {};
      continue;
    }
    if (!isObject(argument)) continue;
    for (const [key, value] of Object.entries(argument)) APPLY[operation](state, key, value);
  }
  return state;
}
