export { canConnect, freePort, waitForPort } from './ports';
export { withTimeout } from './deadline';
export { cachedFor } from './cached-for';
export { stopsWithParent, stopWithParent } from './stop-with-parent';
