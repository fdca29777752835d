// The browser test's visibility probe: which images does the reader of this page see?
// harness.py evaluates this expression in every rendered page through DevTools
// (Runtime.evaluate), which runs even while the page's own scripts are disabled.
//
// An image is seen when its element is rendered (Element.checkVisibility: a box, not
// under display:none or content-visibility:hidden, visibility visible, no opacity:0 on
// it or an ancestor), its effective opacity (the product over its ancestors) is above 0,
// and what is left of its border box is larger than 2x2 CSS pixels once clipped by
// every ancestor whose overflow (or contain:paint) clips it, by the clip property of
// absolutely positioned ones, and by the page itself (the scrollable area: an element
// far off screen is outside it). clip-path and masks are not looked at.
//
// Images: <img> (its currentSrc: the srcset or <picture> candidate Chromium chose),
// <input type=image>, <video poster>, SVG <image>, and every url() in the computed
// background-image of any element; the root's background (or the body's, which
// Chromium paints on the canvas) covers the whole page.
//
// Returns [{url, kind, w, h}] (w, h: the visible size in CSS pixels), http(s) URLs only.
(() => {
  const doc = document;
  const root = doc.documentElement;
  const body = doc.body;
  // A page caught between documents (a meta refresh navigating away) shows nothing yet.
  if (!root) return [];
  const MIN = 2;
  const style = new Map();
  const cs = (el) => {
    let s = style.get(el);
    if (!s) { s = getComputedStyle(el); style.set(el, s); }
    return s;
  };
  const clips = (v) => v !== "visible";

  // The element whose overflow applies to the viewport: the root's, or the body's when
  // the root's is visible. It clips nothing itself; its overflow decides whether the
  // page scrolls (then content beyond the window is still on the page) or not.
  const rootStyle = cs(root);
  const viewportSource = (!clips(rootStyle.overflowX) && !clips(rootStyle.overflowY) && body) ? body : root;
  const vs = cs(viewportSource);
  const hiddenX = vs.overflowX === "hidden" || vs.overflowX === "clip";
  const hiddenY = vs.overflowY === "hidden" || vs.overflowY === "clip";
  const pageW = hiddenX ? root.clientWidth : Math.max(root.scrollWidth, root.clientWidth);
  const pageH = hiddenY ? root.clientHeight : Math.max(root.scrollHeight, root.clientHeight);
  const page = { l: -scrollX, t: -scrollY, r: pageW - scrollX, b: pageH - scrollY };

  // The body's background is painted on the whole canvas when the root has none.
  const rootHasBackground = rootStyle.backgroundImage !== "none"
    || !/^(transparent|rgba\(0, 0, 0, 0\))$/.test(rootStyle.backgroundColor);
  const canvasElement = rootHasBackground ? root : body;

  const intersect = (a, b) => ({
    l: Math.max(a.l, b.l), t: Math.max(a.t, b.t), r: Math.min(a.r, b.r), b: Math.min(a.b, b.b),
  });

  // Whether an ancestor establishes the containing block of absolutely and fixed
  // positioned descendants (for fixed ones, only the transform-like properties do).
  const holdsFixed = (s) => s.transform !== "none" || s.perspective !== "none" || s.filter !== "none"
    || /paint|layout|strict|content/.test(s.contain) || /transform|perspective|filter/.test(s.willChange);
  const holdsAbsolute = (s) => s.position !== "static" || holdsFixed(s);

  // The clip property of an absolutely positioned element, rect(top, right, bottom, left)
  // from its border box's top left corner (auto: that edge of the border box), as a rect
  // in viewport coordinates; null when it has none.
  function clipProperty(el, s) {
    if ((s.position !== "absolute" && s.position !== "fixed") || !s.clip.startsWith("rect(")) return null;
    const r = el.getBoundingClientRect();
    const v = s.clip.slice(5, -1).split(/\s*,\s*|\s+/);
    const at = (i, auto) => (v[i] === "auto" ? auto : parseFloat(v[i]));
    return {
      t: r.top + at(0, 0), r: r.left + at(1, r.width), b: r.top + at(2, r.height), l: r.left + at(3, 0),
    };
  }

  // The part of `rect` left by the ancestors that clip `el`: an ancestor with overflow
  // other than visible clips its descendants, except an absolutely positioned one whose
  // containing block lies above it, or a fixed one (unless a transform holds it); the
  // clip property clips an absolutely positioned element and its descendants.
  function clipped(el, rect) {
    const own = clipProperty(el, cs(el));
    if (own) rect = intersect(rect, own);
    let position = cs(el).position;
    for (let a = el.parentElement; a && a !== root; a = a.parentElement) {
      const s = cs(a);
      if (position === "fixed") {
        if (!holdsFixed(s)) continue;
      } else if (position === "absolute") {
        if (!holdsAbsolute(s)) continue;
      }
      position = s.position;
      const clip = clipProperty(a, s);
      if (clip) rect = intersect(rect, clip);
      if (a === viewportSource) continue;
      const clipX = clips(s.overflowX), clipY = clips(s.overflowY);
      if (!clipX && !clipY && !/paint|strict|content/.test(s.contain)) continue;
      const r = a.getBoundingClientRect();
      const box = {
        l: r.left + parseFloat(s.borderLeftWidth), t: r.top + parseFloat(s.borderTopWidth),
        r: r.right - parseFloat(s.borderRightWidth), b: r.bottom - parseFloat(s.borderBottomWidth),
      };
      const paint = /paint|strict|content/.test(s.contain);
      rect = intersect(rect, {
        l: clipX || paint ? box.l : -Infinity, r: clipX || paint ? box.r : Infinity,
        t: clipY || paint ? box.t : -Infinity, b: clipY || paint ? box.b : Infinity,
      });
      if (rect.r - rect.l <= MIN || rect.b - rect.t <= MIN) return rect;
    }
    return rect;
  }

  function opacity(el) {
    let o = 1;
    for (let a = el; a; a = a.parentElement) o *= parseFloat(cs(a).opacity);
    return o;
  }

  // The visible size of `el`, or null when the reader does not see it.
  function seen(el, wholePage) {
    if (el.checkVisibility && !el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true })) return null;
    if (cs(el).visibility !== "visible" || !(opacity(el) > 0)) return null;
    let rect;
    if (wholePage) {
      rect = page;
    } else {
      const r = el.getBoundingClientRect();
      rect = clipped(el, { l: r.left, t: r.top, r: r.right, b: r.bottom });
    }
    rect = intersect(rect, page);
    const w = rect.r - rect.l, h = rect.b - rect.t;
    return w > MIN && h > MIN ? { w: Math.round(w), h: Math.round(h) } : null;
  }

  const out = [];
  function add(el, url, kind, wholePage) {
    if (!url) return;
    let u;
    try { u = new URL(url, el.baseURI); } catch (e) { return; }
    if (u.protocol !== "http:" && u.protocol !== "https:") return;
    const size = seen(el, wholePage);
    if (size) out.push({ url: u.href, kind, w: size.w, h: size.h });
  }

  for (const el of doc.querySelectorAll("img")) add(el, el.currentSrc || el.src, "img");
  for (const el of doc.querySelectorAll("input")) {
    if (el.type === "image") add(el, el.src, "input");
  }
  for (const el of doc.querySelectorAll("video[poster]")) add(el, el.poster, "poster");
  for (const el of doc.getElementsByTagNameNS("http://www.w3.org/2000/svg", "image")) {
    add(el, el.href && el.href.baseVal, "svg-image");
  }
  const urlPattern = /url\("((?:[^"\\]|\\.)*)"\)/g;
  for (const el of doc.querySelectorAll("*")) {
    const bg = cs(el).backgroundImage;
    if (!bg || bg === "none") continue;
    for (const m of bg.matchAll(urlPattern)) {
      add(el, m[1].replace(/\\(.)/g, "$1"), "background", el === root || el === canvasElement);
    }
  }
  return out;
})()
