export { sbtcDeposit } from './deposit';
