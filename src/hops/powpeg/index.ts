export { powpegPegin } from './pegin';
export { powpegPegout } from './pegout';
