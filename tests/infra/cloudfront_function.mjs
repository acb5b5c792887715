// Runs a CloudFront Function's own source in Node with CloudFront's event shape:
//   node cloudfront_function.mjs <file.js> '<event JSON>'  → the function's result as JSON.
import { readFileSync } from "node:fs";

const [file, event] = process.argv.slice(2);
const handler = new Function(`${readFileSync(file, "utf8")}\nreturn handler;`)();
process.stdout.write(JSON.stringify(handler(JSON.parse(event))));
