// The ingest API's answers, with Amplitude's documented bodies.

export type IngestAnswer = {
  status: number;
  body: Record<string, unknown>;
  headers?: Record<string, string>;
};

export const answers = {
  ok: (eventsIngested: number, payloadSizeBytes: number, serverUploadTime: number): IngestAnswer => ({
    status: 200,
    body: {
      code: 200,
      events_ingested: eventsIngested,
      payload_size_bytes: payloadSizeBytes,
      server_upload_time: serverUploadTime,
    },
  }),
  invalidApiKey: (): IngestAnswer => ({ status: 400, body: { code: 400, error: "Invalid API key" } }),
  missingBody: (): IngestAnswer => ({ status: 400, body: { code: 400, error: "Missing request body" } }),
  invalidJson: (): IngestAnswer => ({ status: 400, body: { code: 400, error: "Invalid JSON request body" } }),
  missingField: (field: string): IngestAnswer => ({
    status: 400,
    body: { code: 400, error: "Request missing required field", missing_field: field },
  }),
  invalidEvents: (
    invalid: Record<string, number[]>,
    missing: Record<string, number[]>,
    invalidIdLengths: Record<string, number[]> = {},
  ): IngestAnswer => {
    const onlyIdLengths = !Object.keys(invalid).length && !Object.keys(missing).length;
    return {
      status: 400,
      body: {
        code: 400,
        error: onlyIdLengths
          ? "Invalid id length for user_id or device_id"
          : "Invalid field values on some events",
        events_with_invalid_fields: invalid,
        events_with_missing_fields: missing,
        ...(Object.keys(invalidIdLengths).length && { events_with_invalid_id_lengths: invalidIdLengths }),
      },
    };
  },
  tooDeep: (maxDepth: number): IngestAnswer => ({
    status: 400,
    body: { code: 400, error: "Invalid JSON request body", detail: `nested deeper than ${maxDepth} levels` },
  }),
  invalidGzip: (): IngestAnswer => ({
    status: 400,
    body: { code: 400, error: "Invalid request body: Content-Encoding is gzip, the body is not" },
  }),
  unsupportedEncoding: (encoding: string): IngestAnswer => ({
    status: 415,
    body: { code: 415, error: `Unsupported Content-Encoding "${encoding.slice(0, 40)}": send gzip or none` },
  }),
  tooSlow: (deadlineMs: number): IngestAnswer => ({
    status: 408,
    body: { code: 408, error: `Request body not received within ${deadlineMs / 1000} s` },
  }),
  tooLarge: (): IngestAnswer => ({ status: 413, body: { code: 413, error: "Payload too large" } }),
  /** The process holds as many request bytes as it may: nothing was read or stored. */
  busy: (retryAfterSeconds: number): IngestAnswer => ({
    status: 503,
    body: { code: 503, error: `Server busy; nothing was stored. Retry after ${retryAfterSeconds} s.` },
    headers: { "retry-after": String(retryAfterSeconds) },
  }),
  throttled: (
    epsThreshold: number,
    devices: Record<string, number>,
    users: Record<string, number>,
    events: number[],
  ): IngestAnswer => ({
    status: 429,
    body: {
      code: 429,
      error: "Too many requests for some devices and users",
      eps_threshold: epsThreshold,
      throttled_devices: devices,
      throttled_users: users,
      throttled_events: events,
    },
  }),
};
