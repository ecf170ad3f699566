// vendor.js - loads third-party libraries from /vendor/ (copied from
// node_modules by `make vendor`, cached for a day by the server) on demand,
// as classic scripts (allowed by the CSP: same origin). ECharts is for the
// dashboard: const echarts = await loadECharts(); throws when it is missing,
// so the page can show errorBox() instead of a blank chart.
const loaded = new Map();

export function loadScript(src) {
  if (!loaded.has(src)) {
    loaded.set(src, new Promise((resolve, reject) => {
      const s = document.createElement('script');
      s.src = src;
      s.async = true;
      s.onload = () => resolve();
      s.onerror = () => { loaded.delete(src); s.remove(); reject(new Error(`${src} could not be loaded (run make vendor)`)); };
      document.head.append(s);
    }));
  }
  return loaded.get(src);
}

export async function loadECharts() {
  if (!window.echarts) await loadScript('/vendor/echarts.min.js');
  return window.echarts;
}
