// The simulator page: every action goes to /simulator/api/send, which posts to /wechat as WeChat would.
"use strict";

const ROLE_NAMES = { worker: "劳动者", employer: "企业", staff: "工作人员" };
const ROLE_AVATARS = { worker: "工", employer: "企", staff: "员" };
const STORE = "laborbot.sim.";
const MAX_LOG = 300;
const POLL_MS = 1000;

const $ = (id) => document.getElementById(id);
const state = { config: null, personas: [], current: null, cursor: 0, polling: false, synced: false };

function load(key, fallback) {
  try {
    const raw = localStorage.getItem(STORE + key);
    return raw === null ? fallback : JSON.parse(raw);
  } catch (e) {
    return fallback;
  }
}
function save(key, value) {
  try { localStorage.setItem(STORE + key, JSON.stringify(value)); } catch (e) { /* storage full or off */ }
}

function persona() { return state.personas.find((p) => p.openid === state.current) || state.personas[0]; }
function logOf(openid) { return load("log." + openid, []); }

// -- rendering -----------------------------------------------------------------------------------
function el(tag, cls, text) {
  const node = document.createElement(tag);
  if (cls) node.className = cls;
  if (text !== undefined) node.textContent = text;
  return node;
}

function renderEntry(entry) {
  const chat = $("chat");
  if (entry.type === "note" || entry.type === "error") {
    const note = el("div", entry.type === "error" ? "note error" : "note");
    const span = el("span", "", entry.text);
    if (entry.detail) span.title = entry.detail;
    note.appendChild(span);
    chat.appendChild(note);
    return;
  }
  const who = entry.type === "user" ? "user" : "bot";
  const msg = el("div", "msg " + who);
  msg.dataset.kind = entry.type;
  const p = persona();
  msg.appendChild(el("div", "avatar", who === "user" ? ROLE_AVATARS[p.role] || "我" : "鲁"));
  const wrap = el("div", "bubble-wrap");
  if (entry.label) wrap.appendChild(el("span", "tag " + (entry.channel || ""), entry.label));
  const card = entry.channel === "template" || entry.channel === "subscribe";
  const bubble = el("div", card ? "bubble card" : "bubble", entry.text);
  if (entry.sub) bubble.appendChild(el("span", "sub", entry.sub));
  wrap.appendChild(bubble);
  msg.appendChild(wrap);
  chat.appendChild(msg);
}

function add(entry) {
  const openid = state.current;
  const log = logOf(openid);
  log.push(entry);
  save("log." + openid, log.slice(-MAX_LOG));
  renderEntry(entry);
  $("chat").scrollTop = $("chat").scrollHeight;
}

function renderAll() {
  $("chat").replaceChildren();
  logOf(state.current).forEach(renderEntry);
  $("chat").scrollTop = $("chat").scrollHeight;
}

function renderPersonas() {
  const select = $("persona");
  select.replaceChildren();
  for (const p of state.personas) {
    const option = el("option", "", p.name + "（" + p.openid + "）");
    option.value = p.openid;
    select.appendChild(option);
  }
  select.value = state.current;
  $("openid").textContent = state.current;
  renderFollowState();
}

function renderFollowState() {
  const followed = load("followed." + state.current, null);
  const badge = $("follow-state");
  badge.textContent = followed === true ? "已关注" : followed === false ? "已取消关注" : "未关注";
  badge.className = followed === true ? "badge on" : "badge";
}

function setNotice(text) {
  const notice = $("notice");
  notice.hidden = !text;
  notice.textContent = text || "";
}

// -- the menu ------------------------------------------------------------------------------------
function closePopup() {
  $("menu-popup").hidden = true;
  document.querySelectorAll(".menu > button.open").forEach((b) => b.classList.remove("open"));
}

function menuAction(button) {
  closePopup();
  if (button.type === "view") {
    add({ type: "note", text: "打开链接：" + button.url });
    send({ kind: "view", key: button.url });
  } else {
    add({ type: "note", text: "点击菜单「" + button.name + "」" });
    send({ kind: "click", key: button.key });
  }
}

function renderMenu(buttons) {
  const menu = $("menu");
  menu.replaceChildren();
  for (const top of buttons) {
    const subs = top.sub_button || [];
    const b = el("button", subs.length ? "has-sub" : "", top.name);
    b.type = "button";
    b.addEventListener("click", (event) => {
      event.stopPropagation();
      if (!subs.length) { menuAction(top); return; }
      const popup = $("menu-popup");
      const wasOpen = b.classList.contains("open");
      closePopup();
      if (wasOpen) return;
      popup.replaceChildren();
      for (const sub of subs) {
        const item = el("button", "", sub.name);
        item.type = "button";
        item.addEventListener("click", (e) => { e.stopPropagation(); menuAction(sub); });
        popup.appendChild(item);
      }
      b.classList.add("open");
      popup.hidden = false;
      const bar = $("menu-row").getBoundingClientRect();
      const rect = b.getBoundingClientRect();
      const width = Math.max(popup.offsetWidth, rect.width - 12);
      popup.style.minWidth = rect.width - 12 + "px";
      const left = Math.min(rect.left - bar.left + (rect.width - width) / 2, bar.width - width - 4);
      popup.style.left = Math.max(4, left) + "px";
    });
    menu.appendChild(b);
  }
}

function showKeyboard(yes) {
  closePopup();
  $("input-row").hidden = !yes;
  $("menu-row").hidden = yes;
  if (yes) $("text").focus();
}

// -- talking to the backend ----------------------------------------------------------------------
async function send(action) {
  const openid = state.current;
  let data;
  try {
    const response = await fetch("/simulator/api/send", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(Object.assign({ persona: openid }, action)),
    });
    data = await response.json();
    if (!response.ok) {
      add({ type: "error", text: "发送失败：" + (typeof data.detail === "string" ? data.detail : response.status) });
      return;
    }
  } catch (e) {
    add({ type: "error", text: "模拟器后台无响应，请检查服务是否在运行" });
    return;
  }
  if (openid !== state.current) return; // the persona changed while waiting
  if (data.failed) {
    add({ type: "error", text: data.reply || "该公众号暂时无法提供服务，请稍后再试", detail: data.error });
  } else if (data.reply) {
    add({ type: "bot", text: data.reply });
  }
  if (!data.fake_reachable) setNotice("未连上假微信接口：客服消息的 48 小时窗口未同步");
}

async function poll() {
  if (state.polling) return;
  state.polling = true;
  const openid = state.current;
  try {
    const since = state.synced ? state.cursor : 0;
    const response = await fetch("/simulator/api/outbound?persona=" + encodeURIComponent(openid) + "&since=" + since);
    const data = await response.json();
    if (openid !== state.current) return;
    if (!data.available) {
      setNotice("未连上假微信接口（" + state.config.fake_base + "），客服消息、模板消息暂不显示");
      $("fake-status").textContent = "假微信接口：未连接";
      return;
    }
    setNotice("");
    $("fake-status").textContent = "假微信接口：已连接（" + state.config.fake_base + "）";
    let fresh = data.messages;
    if (!state.synced) {
      // First poll for this persona: skip what was already shown; a restarted fake starts over.
      const stored = load("cursor." + openid, 0);
      const newest = data.messages.length ? data.messages[data.messages.length - 1].seq : 0;
      const from = stored > newest ? newest : stored;
      fresh = data.messages.filter((m) => m.seq > from);
      state.synced = true;
    }
    for (const m of fresh) add({ type: "out", text: m.text, label: m.label, channel: m.channel });
    state.cursor = data.cursor;
    save("cursor." + openid, state.cursor);
  } catch (e) {
    setNotice("模拟器后台无响应");
  } finally {
    state.polling = false;
  }
}

// -- personas ------------------------------------------------------------------------------------
function choosePersona(openid) {
  state.current = openid;
  state.synced = false;
  state.cursor = load("cursor." + openid, 0);
  save("current", openid);
  renderPersonas();
  renderAll();
  poll();
}

function newPersona(role) {
  const suffix = Math.random().toString(36).slice(2, 8);
  const count = state.personas.filter((p) => p.role === role).length + 1;
  const p = { role: role, name: ROLE_NAMES[role] + " " + count, openid: "sim_" + role + "_" + suffix };
  state.personas.push(p);
  save("personas", state.personas);
  choosePersona(p.openid);
}

// -- wiring --------------------------------------------------------------------------------------
function wire() {
  $("send-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const text = $("text").value.trim();
    if (!text) return;
    $("text").value = "";
    add({ type: "user", text: text });
    send({ kind: "text", text: text });
  });
  $("to-menu").addEventListener("click", () => showKeyboard(false));
  $("to-input").addEventListener("click", () => showKeyboard(true));
  document.addEventListener("click", closePopup);
  $("persona").addEventListener("change", (e) => choosePersona(e.target.value));
  $("new-persona").addEventListener("click", () => newPersona($("new-role").value));
  $("follow").addEventListener("click", () => {
    save("followed." + state.current, true);
    renderFollowState();
    add({ type: "note", text: "你关注了该公众号" });
    send({ kind: "follow" });
  });
  $("unfollow").addEventListener("click", () => {
    save("followed." + state.current, false);
    renderFollowState();
    add({ type: "note", text: "你已取消关注该公众号" });
    send({ kind: "unfollow" });
  });
  $("send-voice").addEventListener("click", () => {
    const text = $("voice-text").value.trim();
    $("voice-text").value = "";
    add({ type: "user", text: "[语音] 4″", sub: text ? "转文字：" + text : "（没有识别文字）" });
    send({ kind: "voice", text: text });
  });
  $("send-location").addEventListener("click", () => {
    const place = state.config.places[Number($("place").value)];
    add({ type: "user", text: "[位置] " + place.label, sub: place.lat + ", " + place.lon });
    send({ kind: "location", lat: place.lat, lon: place.lon, label: place.label });
  });
  $("clear").addEventListener("click", () => {
    save("log." + state.current, []);
    renderAll();
  });
}

async function start() {
  wire();
  const response = await fetch("/simulator/api/config");
  state.config = await response.json();
  $("mode-text").textContent = "（加密模式：" + state.config.mode + "）";
  renderMenu(state.config.menu);
  state.config.places.forEach((place, i) => {
    const option = el("option", "", place.name + "（" + place.lat + ", " + place.lon + "）");
    option.value = String(i);
    $("place").appendChild(option);
  });
  const saved = load("personas", []);
  const builtIn = state.config.personas.filter((b) => !saved.some((p) => p.openid === b.openid));
  state.personas = builtIn.concat(saved.filter((p) => p.openid && p.role));
  save("personas", state.personas);
  const current = load("current", null);
  choosePersona(state.personas.some((p) => p.openid === current) ? current : state.personas[0].openid);
  setInterval(poll, POLL_MS);
}

start().catch(() => setNotice("模拟器加载失败，请刷新页面"));
