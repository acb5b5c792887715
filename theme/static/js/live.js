// One WebSocket per page, shared by every widget: topics, events, reconnection.
//   live.on(topic, handler)  – subscribe; handler(event) gets {type, topic, data}
//   live.onReconnect(fn)      – after a drop, widgets fetch what they missed
//   live.send(frame)          – a frame to the server (queued while offline)
const handlers = new Map(); // topic → Set of handlers
const replies = new Set(); // handlers of topic-less frames (ack, error, subscribed, pong)
const reconnects = new Set();
const confirmed = new Set(); // topics the server has accepted on this connection
const waiting = new Map(); // topic → resolvers of ready(topic)
let socket = null;
let attempt = 0;
let pingTimer = null;
let everOpen = false;
const queue = [];

function url() {
  const scheme = location.protocol === "https:" ? "wss:" : "ws:";
  return `${scheme}//${location.host}/ws`;
}

function open() {
  if (socket && socket.readyState <= 1) return;
  socket = new WebSocket(url());
  socket.addEventListener("open", () => {
    const again = everOpen;
    everOpen = true;
    attempt = 0;
    if (handlers.size) socket.send(JSON.stringify({ action: "subscribe", topics: [...handlers.keys()] }));
    while (queue.length) socket.send(queue.shift());
    clearInterval(pingTimer);
    // API Gateway closes idle sockets after 10 minutes.
    pingTimer = setInterval(() => send({ action: "ping" }), 5 * 60 * 1000);
    if (again) reconnects.forEach((fn) => fn());
  });
  socket.addEventListener("message", (message) => {
    let event;
    try { event = JSON.parse(message.data); } catch { return; }
    if (event.type === "subscribed") {
      for (const topic of event.data.topics) {
        confirmed.add(topic);
        (waiting.get(topic) || []).forEach((resolve) => resolve());
        waiting.delete(topic);
      }
    }
    if (event.topic && handlers.has(event.topic)) handlers.get(event.topic).forEach((fn) => fn(event));
    else replies.forEach((fn) => fn(event));
  });
  socket.addEventListener("close", () => {
    clearInterval(pingTimer);
    confirmed.clear();
    // Jittered exponential backoff: no reconnect storm after a deploy.
    const delay = Math.min(30000, 500 * 2 ** attempt) * (0.5 + Math.random());
    attempt += 1;
    setTimeout(open, delay);
  });
}

export function send(frame) {
  const text = JSON.stringify(frame);
  if (socket && socket.readyState === 1) socket.send(text);
  else { queue.push(text); open(); }
}

export function on(topic, handler) {
  if (!handlers.has(topic)) {
    handlers.set(topic, new Set());
    if (socket && socket.readyState === 1) send({ action: "subscribe", topics: [topic] });
  }
  handlers.get(topic).add(handler);
  open();
  return () => {
    const set = handlers.get(topic);
    set?.delete(handler);
    if (set && !set.size) { handlers.delete(topic); send({ action: "unsubscribe", topics: [topic] }); }
  };
}

// Resolves once the server has accepted the topic (pages mark themselves live then).
export function ready(topic) {
  if (confirmed.has(topic)) return Promise.resolve();
  return new Promise((resolve) => waiting.set(topic, [...(waiting.get(topic) || []), resolve]));
}

export const onReply = (fn) => { replies.add(fn); open(); return () => replies.delete(fn); };
export const onReconnect = (fn) => { reconnects.add(fn); return () => reconnects.delete(fn); };
export const drop = () => socket?.close(); // for tests and "go offline"
