// detail.js - placeholder until the page lands (see docs/web.md).
import { h } from '../dom.js';
import { t } from '../i18n.js';

export default async function render(ctx) {
  ctx.main.append(h('h1', null, t('app.name')), h('p', { class: 'state' }, t('state.empty')));
}
