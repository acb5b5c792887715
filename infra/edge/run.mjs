// The rehearsal's CloudFront Functions runtime: one Node process, one JSON line in ({file, event}) and one out
// (the function's result), each function's own source run as CloudFront runs it (cloudfront-js-2.0: a
// handler(event) that returns the request to go on with, or a response).
import { readFileSync } from "node:fs";
import { createInterface } from "node:readline";

const handlers = new Map();
const load = (file) => {
  if (!handlers.has(file)) handlers.set(file, new Function(`${readFileSync(file, "utf8")}\nreturn handler;`)());
  return handlers.get(file);
};
for await (const line of createInterface({ input: process.stdin })) {
  const { file, event } = JSON.parse(line);
  let answer;
  try { answer = { result: await load(file)(event) }; } catch (error) { answer = { error: String(error) }; }
  process.stdout.write(JSON.stringify(answer) + "\n");
}
