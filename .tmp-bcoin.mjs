import bcoin from 'bcoin';
const t0 = Date.now();
const node = new bcoin.FullNode({ network: 'regtest', memory: true, indexTX: true, indexAddress: true, replaceByFee: true, listen: false, logLevel: 'error', workers: false, 'http-port': 0 });
await node.open();
console.log('open', Date.now() - t0, 'segwit deployment', JSON.stringify(node.network.deployments.segwit));
const key = bcoin.KeyRing.generate(); key.witness = true;
const addr = key.getAddress();
console.log('addr', addr.toString('regtest'));
const t1 = Date.now();
for (let i = 0; i < 450; i++) {
  const job = await node.miner.createJob(node.chain.tip, addr);
  const block = await job.mineAsync();
  await node.chain.add(block);
}
console.log('mined 450 in', Date.now() - t1, 'height', node.chain.height);
const state = await node.chain.getDeploymentState ? 'x' : 'y';
console.log('segwit active?', node.chain.state.hasWitness());
console.log(Object.keys(node.mempool.options).filter(k=>/replace|standard|witness/i.test(k)), node.mempool.options.replaceByFee);
await node.close();
