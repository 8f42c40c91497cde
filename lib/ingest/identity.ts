// amplitude_id resolution, as Amplitude assigns ids
// (https://amplitude.com/docs/data/sources/amplitude-id-assignment), as a pure function over the
// identities known when a batch starts; the caller holds locks on every device and user in it.

export type Merge = { amplitudeId: bigint; mergedAmplitudeId: bigint; eventIndex: number };

export type Resolution = {
  /** amplitude_id per event, in order; negative values are placeholders for new ids. */
  amplitudeIds: bigint[];
  /** How many new ids the placeholders stand for (-1 … -n). */
  newIds: number;
  devices: Map<string, bigint>;
  users: Map<string, bigint>;
  changedDevices: Set<string>;
  changedUsers: Set<string>;
  merges: Merge[];
};

/**
 * Resolves each event in order: a new device gets a new id; a user first seen with an
 * anonymous device takes the device's id; an anonymous device known under one id seen with a
 * user known under another merges into the user's original id (recorded in the ledger), which
 * later events carry. A device whose id is already a user's (`identified`) is never merged:
 * Amplitude does not merge two established user ids ("Changing a non-null user_id creates
 * another user", https://amplitude.com/docs/data/data-assistant-user-solutions/login-identity-merge-engineering);
 * the device goes with the user it is now seen with, and a new user on it gets an id of its own.
 */
export function resolveIdentities(
  events: { deviceId: string | null; userId: string | null }[],
  knownDevices: Map<string, bigint>,
  knownUsers: Map<string, bigint>,
  identified: Set<bigint> = new Set(knownUsers.values()),
): Resolution {
  const devices = new Map(knownDevices);
  const users = new Map(knownUsers);
  const changedDevices = new Set<string>();
  const changedUsers = new Set<string>();
  const merges: Merge[] = [];
  let newIds = 0;
  const allocate = () => BigInt(-++newIds);
  const setDevice = (device: string, id: bigint) => (devices.set(device, id), changedDevices.add(device));
  const ids = new Set(identified);
  const setUser = (user: string, id: bigint) => (users.set(user, id), changedUsers.add(user), ids.add(id));

  const amplitudeIds = events.map(({ deviceId, userId }, eventIndex) => {
    const deviceKnown = deviceId ? devices.get(deviceId) : undefined;
    const userKnown = userId ? users.get(userId) : undefined;
    if (deviceId && userId) {
      if (deviceKnown === undefined && userKnown === undefined) {
        const id = allocate();
        setDevice(deviceId, id);
        setUser(userId, id);
        return id;
      }
      if (userKnown === undefined) {
        // A new user takes an anonymous device's id; on another user's device, an id of its own.
        const id = ids.has(deviceKnown!) ? allocate() : deviceKnown!;
        setUser(userId, id);
        if (id !== deviceKnown) setDevice(deviceId, id);
        return id;
      }
      if (deviceKnown === undefined) {
        setDevice(deviceId, userKnown);
        return userKnown;
      }
      if (deviceKnown !== userKnown) {
        if (!ids.has(deviceKnown))
          merges.push({ amplitudeId: deviceKnown, mergedAmplitudeId: userKnown, eventIndex });
        setDevice(deviceId, userKnown);
      }
      return userKnown;
    }
    if (deviceId) {
      if (deviceKnown !== undefined) return deviceKnown;
      const id = allocate();
      setDevice(deviceId, id);
      return id;
    }
    if (userKnown !== undefined) return userKnown;
    const id = allocate();
    setUser(userId!, id);
    return id;
  });
  return { amplitudeIds, newIds, devices, users, changedDevices, changedUsers, merges };
}

/** Replaces the placeholders (-1 … -n) with the ids allocated for them. */
export function assignNewIds(resolution: Resolution, allocated: bigint[]): void {
  const real = (id: bigint) => (id < 0n ? allocated[Number(-id) - 1]! : id);
  resolution.amplitudeIds.forEach((id, i) => (resolution.amplitudeIds[i] = real(id)));
  for (const [key, id] of resolution.devices) resolution.devices.set(key, real(id));
  for (const [key, id] of resolution.users) resolution.users.set(key, real(id));
  for (const merge of resolution.merges) {
    merge.amplitudeId = real(merge.amplitudeId);
    merge.mergedAmplitudeId = real(merge.mergedAmplitudeId);
  }
}
