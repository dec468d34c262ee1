/**
 * Task queues: Celery, RQ and Dramatiq. A task's parameters are not input by themselves; request
 * data passed to `.delay(...)`, `.apply_async(args=...)`, `enqueue(...)` or `.send(...)` reaches the
 * task's body as if it were called there (the call site is in the trace).
 */
import type { TaintModel } from "../../src/taint/model-types.js";

const RQ_QUEUE = "rq.Queue";
const CELERY = "celery.Celery";

/**
 * Celery canvases: in `chain(a.s(x), b.s(y))`, `a.s(x) | b.s(y)` and `chord(header, body.s(y))` /
 * `chord(header)(body.s(y))`, later steps receive the previous result before their own arguments
 * (not `.si()` signatures, which are immutable).
 */
const CANVAS = { after: ["celery.chain", "celery.canvas.chain", "celery.chord", "celery.canvas.chord"], applied: ["celery.chord", "celery.canvas.chord"], pipe: true };

/** Options of `Queue.enqueue` that are not passed to the job. */
const RQ_OPTIONS = ["job_timeout", "result_ttl", "ttl", "failure_ttl", "depends_on", "job_id", "at_front", "meta", "description", "on_success", "on_failure", "on_stopped", "retry", "timeout", "pipeline", "repeat"];

export const taskQueues: TaintModel = {
  name: "task-queues",
  types: [
    { type: RQ_QUEUE, class: ["rq.Queue", "rq.queue.Queue"], call: ["django_rq.get_queue"] },
    { type: CELERY, class: ["celery.Celery", "celery.app.base.Celery"] },
  ],
  invokers: [
    // Celery: `task.delay(*args, **kwargs)`, `task.apply_async(args=..., kwargs=...)`, `app.send_task("name", args=...)`
    { method: ["delay"], untyped: true, target: "receiver", argsFrom: 0, kwargs: true },
    { method: ["apply_async"], untyped: true, target: "receiver", argsArg: { pos: 0, kw: "args" }, kwargsArg: { pos: 1, kw: "kwargs" } },
    { on: [CELERY], method: ["send_task"], target: { pos: 0, kw: "name" }, argsArg: { pos: 1, kw: "args" }, kwargsArg: { pos: 2, kw: "kwargs" } },
    // Celery signatures, which canvases (`chain`, `group`, `chord`, `a.s() | b.s()`) run with their
    // arguments: `task.s(*args)`, `task.si(*args)`, `task.signature(args, kwargs)`, `signature("name", args=...)`
    { method: ["s"], untyped: true, target: "receiver", argsFrom: 0, kwargs: true, chained: CANVAS },
    // immutable: the previous result is not passed
    { method: ["si"], untyped: true, target: "receiver", argsFrom: 0, kwargs: true },
    { method: ["signature", "subtask"], untyped: true, target: "receiver", argsArg: { pos: 0, kw: "args" }, kwargsArg: { pos: 1, kw: "kwargs" }, chained: CANVAS },
    { call: ["celery.signature", "celery.canvas.signature", "celery.subtask"], target: { pos: 0, kw: "varies" }, argsArg: { pos: 1, kw: "args" }, kwargsArg: { pos: 2, kw: "kwargs" }, chained: CANVAS },
    { on: [CELERY], method: ["signature"], target: { pos: 0, kw: "name" }, argsArg: { pos: 1, kw: "args" }, kwargsArg: { pos: 2, kw: "kwargs" }, chained: CANVAS },
    // Dramatiq: `actor.send(*args, **kwargs)`, `actor.send_with_options(args=..., kwargs=...)`
    { method: ["send"], untyped: true, target: "receiver", argsFrom: 0, kwargs: true },
    { method: ["send_with_options"], untyped: true, target: "receiver", argsArg: { kw: "args" }, kwargsArg: { kw: "kwargs" } },
    // RQ: `queue.enqueue(f, *args, **kwargs)`, `enqueue_call(func, args, kwargs)`, `enqueue_in/at(when, f, *args)`
    { on: [RQ_QUEUE], method: ["enqueue"], call: ["django_rq.enqueue"], target: { pos: 0, kw: "f" }, argsFrom: 1, kwargs: true, reserved: RQ_OPTIONS },
    { on: [RQ_QUEUE], method: ["enqueue_call"], target: { pos: 0, kw: "func" }, argsArg: { pos: 1, kw: "args" }, kwargsArg: { pos: 2, kw: "kwargs" } },
    { on: [RQ_QUEUE], method: ["enqueue_in", "enqueue_at"], target: { pos: 1, kw: "func" }, argsFrom: 2, kwargs: true, reserved: RQ_OPTIONS },
  ],
};
