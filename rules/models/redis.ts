/**
 * redis-py (sync and asyncio) and django-redis: what a read returns is stored data, as a database's rows are
 * (`sqlalchemy`, `dbapi`): a value fetched under a key taken from the request does not hold the key's taint
 * (`rclient.hget(user_hash, session_uid)`). Writes are not sinks: a key or value is data to Redis, never code
 * (scripts sent with `eval` are not modelled).
 */
import type { TaintModel } from "../../src/taint/model-types.js";

const REDIS = "redis.Redis";
const SENTINEL = "redis.Sentinel";
const PIPELINE = "redis.Pipeline";

/** Commands that read stored values (by key, field, index or pattern). */
const READS = [
  "get", "mget", "getdel", "getex", "getrange", "getset", "hget", "hmget", "hgetall", "hkeys", "hvals", "hrandfield",
  "lrange", "lindex", "lpop", "rpop", "blpop", "brpop", "lmove", "blmove", "rpoplpush", "brpoplpush", "lpos",
  "smembers", "srandmember", "spop", "sinter", "sunion", "sdiff",
  "zrange", "zrangebyscore", "zrevrange", "zrevrangebyscore", "zrangebylex", "zpopmin", "zpopmax", "bzpopmin", "bzpopmax",
  "zscore", "zmscore", "keys", "scan", "scan_iter", "hscan", "hscan_iter", "sscan", "sscan_iter", "zscan", "zscan_iter",
  "xrange", "xrevrange", "xread", "xreadgroup",
];
/** The reads a receiver of unknown type makes in a file importing a Redis client: names no dict, list or ORM uses. */
const REDIS_ONLY_READS = ["hget", "hmget", "hgetall", "hkeys", "hvals", "lrange", "lindex", "smembers", "srandmember", "zrange", "zrangebyscore", "zrevrange", "zrevrangebyscore", "zscore", "hscan", "hscan_iter", "xrange", "xread", "xreadgroup", "getdel", "getex"];
const CLIENTS = ["redis", "redis.asyncio", "aioredis", "django_redis"];

export const redis: TaintModel = {
  name: "redis",
  types: [
    {
      type: REDIS,
      class: ["redis.Redis", "redis.StrictRedis", "redis.client.Redis", "redis.client.StrictRedis", "redis.asyncio.Redis", "redis.asyncio.client.Redis", "redis.cluster.RedisCluster", "redis.asyncio.RedisCluster", "aioredis.Redis"],
      call: ["redis.from_url", "redis.Redis.from_url", "redis.StrictRedis.from_url", "redis.asyncio.from_url", "redis.asyncio.Redis.from_url", "aioredis.from_url", "django_redis.get_redis_connection"],
    },
    { type: SENTINEL, class: ["redis.Sentinel", "redis.sentinel.Sentinel", "redis.asyncio.Sentinel", "redis.asyncio.sentinel.Sentinel"] },
    { type: REDIS, on: [SENTINEL], method: ["master_for", "slave_for"] },
    { type: PIPELINE, on: [REDIS], method: ["pipeline"] },
  ],
  propagators: [
    { on: [REDIS], method: READS, result: "clean" },
    { on: [PIPELINE], method: ["execute"], result: "clean" },
    { method: REDIS_ONLY_READS, untyped: CLIENTS, result: "clean" },
  ],
};
