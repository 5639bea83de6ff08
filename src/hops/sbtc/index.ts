export { sbtcDeposit } from './deposit';
export { sbtcWithdrawal } from './withdrawal';
