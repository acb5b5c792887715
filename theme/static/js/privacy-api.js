// People's data, reports and moderation, the audit trail: only the pages (and the dialog) that use them load this.
import { query, request } from "./api.js";

const enc = encodeURIComponent;
export const privacy = () => request("GET", "/privacy");
export const exportData = (person) => request("POST", `/people/${enc(person)}/export`);
export const erasure = (person) => request("GET", `/people/${enc(person)}/erasure`);
export const askErasure = (person) => request("POST", `/people/${enc(person)}/erasure`);
export const confirmErasure = (person, token) => request("POST", `/people/${enc(person)}/erasure/confirm`, { token });
export const report = (target, reason, note) => request("POST", "/reports", { target, reason, note });
export const moderation = (status) => request("GET", "/moderation" + query({ status }));
export const decide = (target, decision, note) => request("POST", "/moderation/decisions", { target, decision, note });
export const auditTrail = (month, cursor) => request("GET", "/audit" + query({ month, cursor }));
