export { canConnect, freePort, waitForPort } from './ports';
export { withTimeout } from './deadline';
export { cachedFor } from './cached-for';
export { stopWithParent } from './stop-with-parent';
