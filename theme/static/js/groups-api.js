// Creating and running groups: only the group pages load this.
import { request } from "./api.js";

const enc = encodeURIComponent;
export const createGroup = (fields) => request("POST", "/groups", fields);
export const updateGroup = (id, fields) => request("PATCH", `/groups/${enc(id)}`, fields);
export const archiveGroup = (id) => request("DELETE", `/groups/${enc(id)}`);
export const members = (id) => request("GET", `/groups/${enc(id)}/members`);
export const putMember = (id, person, role) =>
  request("PUT", `/groups/${enc(id)}/members/${enc(person)}`, role ? { role } : undefined);
export const removeMember = (id, person) => request("DELETE", `/groups/${enc(id)}/members/${enc(person)}`);
