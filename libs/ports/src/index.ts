export { canConnect, freePort, waitForPort } from './ports';
