// The JSON API of the same server; a Bearer token kept for this tab only (sessionStorage).
const TOKEN_KEY = "eventatlas.token";

export function token() { return sessionStorage.getItem(TOKEN_KEY) || ""; }

export function setToken(value) {
  if (value) sessionStorage.setItem(TOKEN_KEY, value);
  else sessionStorage.removeItem(TOKEN_KEY);
}

function headers(extra = {}) {
  const all = { ...extra };
  if (token()) all.Authorization = `Bearer ${token()}`;
  return all;
}

async function failure(response) {
  const body = await response.json().catch(() => ({}));
  const detail = typeof body.detail === "string" ? body.detail
    : Array.isArray(body.detail) ? body.detail.map((d) => d.msg || JSON.stringify(d)).join("; ")
      : JSON.stringify(body.detail);
  return new Error(`${response.status}: ${detail || response.statusText}`);
}

export async function api(path, options = {}) {
  const response = await fetch(path, {
    ...options, headers: headers({ Accept: "application/json", ...(options.headers || {}) }),
  });
  if (!response.ok) throw await failure(response);
  return response.json();
}

export async function download(path) {
  const response = await fetch(path, { headers: headers() });
  if (!response.ok) throw await failure(response);
  return { blob: await response.blob(), written: response.headers.get("X-Written") };
}

export function postJSON(path, body) {
  return api(path, {
    method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body),
  });
}

// A query string from filter values; empty values are left out.
export function queryString(values) {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(values)) {
    if (value !== "" && value !== null && value !== undefined) params.set(key, value);
  }
  return params.toString();
}
