// One function per endpoint; HTTP statuses are mapped to errors in one place.
const base = () => document.body.dataset.api || "/api";

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

async function request(method, path, body, headers = {}) {
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
    throw new ApiError(0, "network", "network");
  }
  const data = await response.json().catch(() => null);
  if (!response.ok) {
    const error = (data && data.error) || {};
    throw new ApiError(response.status, error.code || "error", error.message || response.statusText);
  }
  return data;
}

const enc = encodeURIComponent;
let mePromise = null;
export const me = () => (mePromise ??= request("GET", "/me"));
export const updateMe = (changes) => request("PATCH", "/me", changes);
export const logout = () => request("POST", "/auth/logout");
export const loginUrl = (next) => base() + "/auth/login" + (next ? "?next=" + enc(next) : "");

export const comments = (thread, cursor) =>
  request("GET", `/threads/${enc(thread)}/comments` + (cursor ? `?cursor=${enc(cursor)}` : ""));
export const addComment = (thread, text, parentId, key) =>
  request("POST", `/threads/${enc(thread)}/comments`, parentId ? { text, parentId } : { text }, { "Idempotency-Key": key });
export const editComment = (id, text) => request("PATCH", `/comments/${enc(id)}`, { text });
export const deleteComment = (id) => request("DELETE", `/comments/${enc(id)}`);
export const preview = (text) => request("POST", "/preview", { text });
export const react = (target, kind, given) => request(given ? "PUT" : "DELETE", `/reactions/${enc(target)}/${enc(kind)}`);
export const counts = (ids) => request("GET", `/threads?ids=${ids.map(enc).join(",")}`);
