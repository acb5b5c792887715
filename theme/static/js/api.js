// One function per endpoint; HTTP statuses are mapped to errors in one place.
const base = () => document.body.dataset.api || "/api";

export class ApiError extends Error {
  constructor(status, code, message, details = {}) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = details; // more the server said: content problems, both versions of a conflict
  }
}

export async function request(method, path, body, headers = {}) {
  headers = { Accept: "application/json", ...headers };
  if (method !== "GET") headers["X-Requested-With"] = "torget";
  if (body !== undefined) headers["Content-Type"] = "application/json";
  let response;
  try {
    response = await fetch(base() + path, {
      method,
      headers,
      credentials: "same-origin",
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    if (!navigator.onLine) window.dispatchEvent(new Event("torget:offline"));
    throw new ApiError(0, "network", "network");
  }
  const data = await response.json().catch(() => null);
  if (!response.ok) {
    const error = (data && data.error) || {};
    // Without our JSON (CloudFront answered in the API's stead): no message, the page words it by status.
    throw new ApiError(response.status, error.code || "error", error.message || "", error);
  }
  return data;
}

const enc = encodeURIComponent;
let mePromise = null;
export const me = () => (mePromise ??= request("GET", "/me"));
// Logging out also forgets every page this browser kept for reading offline.
export const logout = () => request("POST", "/auth/logout").finally(forgetKeptPages);
export async function forgetKeptPages() {
  if (!("caches" in window)) return;
  for (const name of await caches.keys()) if (name.startsWith("torget-")) await caches.delete(name);
}
export const loginUrl = (next) => base() + "/auth/login" + (next ? "?next=" + enc(next) : "");

export const comments = (thread, cursor) =>
  request("GET", `/threads/${enc(thread)}/comments` + (cursor ? `?cursor=${enc(cursor)}` : ""));
export const addComment = (thread, text, parentId, key) =>
  request("POST", `/threads/${enc(thread)}/comments`, parentId ? { text, parentId } : { text }, { "Idempotency-Key": key });
export const editComment = (id, text, version) => request("PATCH", `/comments/${enc(id)}`, { text, version });
export const deleteComment = (id) => request("DELETE", `/comments/${enc(id)}`);
export const preview = (text) => request("POST", "/preview", { text });
export const react = (target, kind, given) => request(given ? "PUT" : "DELETE", `/reactions/${enc(target)}/${enc(kind)}`);
export const counts = (ids) => request("GET", `/threads?ids=${ids.map(enc).join(",")}`);

export const query = (params) => {
  const pairs = Object.entries(params).filter(([, value]) => value !== undefined && value !== null && value !== "");
  return pairs.length ? "?" + pairs.map(([k, v]) => `${k}=${enc(v)}`).join("&") : "";
};
export const feed = (cursor, limit) => request("GET", "/feed" + query({ cursor, limit }));
export const groupFeed = (id, cursor, limit) => request("GET", `/groups/${enc(id)}/feed` + query({ cursor, limit }));
export const post = (id) => request("GET", `/posts/${enc(id)}`);
export const addPost = (text, groupId, images, key) =>
  request("POST", "/posts", { text, ...(groupId ? { groupId } : {}), ...(images.length ? { images } : {}) }, { "Idempotency-Key": key });
export const editPost = (id, text, version) => request("PATCH", `/posts/${enc(id)}`, { text, version });
export const deletePost = (id) => request("DELETE", `/posts/${enc(id)}`);
export const share = (fields) => request("POST", "/shares", fields);
export const reach = (thread) => request("GET", `/reach/${enc(thread)}`);
export const groups = (q) => request("GET", "/groups" + query({ q }));
export const myGroups = () => request("GET", "/groups?mine=1");
export const group = (id) => request("GET", `/groups/${enc(id)}`);
export const people = (q) => request("GET", "/people" + query({ q }));
export const everyone = (cursor) => request("GET", "/people" + query({ cursor }));
export const org = (manager, cursor) => request("GET", "/org" + query({ manager, cursor }));
export const departments = () => request("GET", "/departments");
export const moments = () => request("GET", "/moments");
export const listed = (kind, name, cursor) => request("GET", `/${kind === "office" ? "offices" : "departments"}/${enc(name)}` + query({ cursor }));
export const presign = (contentType, size) => request("POST", "/uploads", { contentType, size });

export async function uploadImage(file) {
  const target = await presign(file.type, file.size);
  const form = new FormData();
  for (const [name, value] of Object.entries(target.fields)) form.append(name, value);
  form.append("file", file);
  let response;
  try {
    response = await fetch(target.url, { method: "POST", body: form });
  } catch {
    if (!navigator.onLine) window.dispatchEvent(new Event("torget:offline"));
    throw new ApiError(0, "network", "network");
  }
  if (!response.ok) throw new ApiError(response.status, "upload_failed", "upload failed");
  return target.key;
}
export const rooms = () => request("GET", "/chat/rooms");
export const startDirect = (members) => request("POST", "/chat/rooms", { members });
export const messages = (room, params = {}) => request("GET", `/chat/rooms/${enc(room)}/messages` + query(params));
export const sendMessage = (room, text, clientId) => request("POST", `/chat/rooms/${enc(room)}/messages`, { text, clientId });
export const editMessage = (room, id, text) => request("PATCH", `/chat/rooms/${enc(room)}/messages/${enc(id)}`, { text });
export const deleteMessage = (room, id) => request("DELETE", `/chat/rooms/${enc(room)}/messages/${enc(id)}`);
export const markRead = (room) => request("POST", `/chat/rooms/${enc(room)}/read`);

export const notifications = (cursor) => request("GET", "/notifications" + query({ cursor }));
export const readNotifications = (ids) => request("POST", "/notifications/read", ids ? { ids } : { all: true });
export const updateMe = (fields) => request("PATCH", "/me", fields);
export const person = (id) => request("GET", `/people/${enc(id)}`);
export const ackStatus = (thread) => request("GET", `/acks/${enc(thread)}`);
export const confirmRead = (thread) => request("POST", `/acks/${enc(thread)}`);
export const ackOverview = () => request("GET", "/acks");
export const banners = () => request("GET", "/banners");
export const postBanner = (text, hours, level) => request("POST", "/banners", { text, hours, level });
export const removeBanner = (id) => request("DELETE", `/banners/${enc(id)}`);


