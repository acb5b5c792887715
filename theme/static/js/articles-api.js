// The article endpoints of the web editor: only writers load this.
import { request } from "./api.js";

const enc = encodeURIComponent;
export const mine = () => request("GET", "/articles?mine=1");
export const reviewQueue = () => request("GET", "/articles?state=review");
export const get = (id) => request("GET", `/articles/${enc(id)}`);
export const create = (fields) => request("POST", "/articles", fields);
export const save = (id, fields) => request("PATCH", `/articles/${enc(id)}`, fields);
export const discard = (id) => request("DELETE", `/articles/${enc(id)}`);
export const publish = (id, version) => request("POST", `/articles/${enc(id)}/publish`, { version });
export const approve = (id) => request("POST", `/articles/${enc(id)}/approve`);
export const askForChanges = (id, note) => request("POST", `/articles/${enc(id)}/changes`, { note });
export const rebase = (id) => request("POST", `/articles/${enc(id)}/rebase`);
export const preview = (text) => request("POST", "/articles/preview", { text });
