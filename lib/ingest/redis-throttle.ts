import "server-only";
import { Redis, ReplyError } from "ioredis";
import { env } from "@/lib/env";
import {
  BURST_SECONDS,
  demandOf,
  type EventRateLimiter,
  IDLE_BUCKET_SECONDS,
  type RateLimitedEvent,
  refusal,
  type ThrottleVerdict,
} from "@/lib/ingest/throttle";
import { errorFields, log } from "@/lib/log";

// The per-device and per-user limits in Redis, when REDIS_URL is set: the same token buckets
// as PostgreSQL's (lib/ingest/throttle.ts), one hash per bucket, taken by one Lua script per
// request. Redis runs a script atomically, so a request over the limit takes nothing and
// nothing needs refunding; a bucket expires once idle long enough to be full again, so nothing
// needs pruning. The clock is Redis's own (TIME), shared by every instance.
//
// Unlike PostgreSQL's, these buckets are taken before ingest's transaction (no database
// connection waits on Redis): a request whose store then fails keeps its tokens spent (the
// sender retries within its burst). If Redis does not answer within COMMAND_TIMEOUT_MS (an
// instance's first request waits that long for the connection to be made), the request is
// admitted and the failure logged: a limiter outage must not stop ingest. While Redis is down,
// each failed reconnection drops the waiting scripts, and a script sent but not answered is not
// resent after a reconnect, so a recovered Redis charges no request admitted long before.

const COMMAND_TIMEOUT_MS = 500;

// KEYS: the buckets. ARGV: capacity, refill per second, expiry (ms), then each bucket's count.
// Returns the 0-based positions of the buckets that cannot pay (none: all were debited).
const TAKE_LUA = `
local now = redis.call('TIME')
now = tonumber(now[1]) + tonumber(now[2]) / 1000000
local capacity, rate = tonumber(ARGV[1]), tonumber(ARGV[2])
local left, short = {}, {}
for i, key in ipairs(KEYS) do
  local n = tonumber(ARGV[i + 3])
  local bucket = redis.call('HMGET', key, 'tokens', 'at')
  local tokens = capacity
  if bucket[1] then tokens = math.min(capacity, tonumber(bucket[1]) + (now - tonumber(bucket[2])) * rate) end
  if tokens < n then short[#short + 1] = i - 1 else left[i] = tokens - n end
end
if #short == 0 then
  for i, key in ipairs(KEYS) do
    redis.call('HSET', key, 'tokens', tostring(left[i]), 'at', tostring(now))
    redis.call('PEXPIRE', key, ARGV[3])
  end
end
return short`;

type RedisWithTake = Redis & {
  takeTokens(...keysThenArgs: (string | number)[]): Promise<number[]>;
};

const globalForRedis = globalThis as unknown as { deltaportRedis?: RedisWithTake };

/** The process's one Redis connection (REDIS_URL), with the bucket script defined on it. */
function redis(): RedisWithTake {
  if (!globalForRedis.deltaportRedis) {
    const client = new Redis(env().REDIS_URL!, {
      commandTimeout: COMMAND_TIMEOUT_MS,
      // A connection that goes silent (a failover, a dropped NAT entry) is closed, not waited on.
      socketTimeout: 2 * COMMAND_TIMEOUT_MS,
      connectTimeout: 2_000,
      maxRetriesPerRequest: 0,
      autoResendUnfulfilledCommands: false,
    }) as RedisWithTake;
    client.on("error", (error: unknown) => logAtMostEveryMinute("connection", error));
    client.defineCommand("takeTokens", { lua: TAKE_LUA });
    globalForRedis.deltaportRedis = client;
  }
  return globalForRedis.deltaportRedis;
}

const MESSAGES = {
  connection: "rate-limit store unreachable",
  request: "rate limits not applied: the rate-limit store did not answer",
  reply: "rate limits not applied: the rate-limit store refused the script",
};
const lastLogged: Partial<Record<keyof typeof MESSAGES, number>> = {};
/**
 * A down Redis fails every request: one line a minute for each kind of failure, not one per
 * request. An error reply (out of memory, a read-only replica, a cluster redirect) is the
 * operator's to fix, so it is logged as an error.
 */
function logAtMostEveryMinute(kind: keyof typeof MESSAGES, error: unknown) {
  if (Date.now() - (lastLogged[kind] ?? 0) < 60_000) return;
  lastLogged[kind] = Date.now();
  log()[kind === "reply" ? "error" : "warn"](errorFields(error), MESSAGES[kind]);
}

export class RedisEventRateLimiter implements EventRateLimiter {
  readonly inTransaction = false;

  constructor(
    /** Keeps one endpoint's buckets apart from another's (their rates differ). */
    private readonly endpoint: string,
    readonly epsPerId: number,
  ) {}

  async take(projectId: string, events: RateLimitedEvent[]): Promise<ThrottleVerdict> {
    const scope = `${this.endpoint}|${projectId}`;
    const demand = demandOf(scope, events);
    if (demand.size === 0) return { ok: true };
    const keys = [...demand.keys()];
    // One hash tag per request's scope: a cluster keeps all of a script's keys on one node.
    const names = keys.map((key) => `deltaport:ingest-rate:{${scope}}:${key}`);
    let short: number[];
    try {
      short = await redis().takeTokens(
        names.length,
        ...names,
        this.epsPerId * BURST_SECONDS,
        this.epsPerId,
        IDLE_BUCKET_SECONDS * 1000,
        ...keys.map((key) => demand.get(key)!.count),
      );
    } catch (error) {
      logAtMostEveryMinute(error instanceof ReplyError ? "reply" : "request", error);
      return { ok: true };
    }
    if (short.length === 0) return { ok: true };
    return refusal(
      events,
      demand,
      short.map((position) => keys[position]!),
    );
  }
}

/** Closes the connection (tests, and a process that ends). */
export async function closeRedis(): Promise<void> {
  await globalForRedis.deltaportRedis?.quit().catch(() => undefined);
  globalForRedis.deltaportRedis = undefined;
}
