// One function per endpoint; HTTP statuses are mapped to errors in one place.
const base = () => document.body.dataset.api || "/api";

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

async function request(method, path, body) {
  const headers = { Accept: "application/json" };
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

let mePromise = null;
export const me = () => (mePromise ??= request("GET", "/me"));
export const updateMe = (changes) => request("PATCH", "/me", changes);
export const logout = () => request("POST", "/auth/logout");
export const loginUrl = (next) => base() + "/auth/login" + (next ? "?next=" + encodeURIComponent(next) : "");
