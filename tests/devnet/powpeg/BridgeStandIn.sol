// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

/// Stand-in for Rootstock's Bridge precompile (0x...01000006) on the devnet.
/// It answers the read methods the wallet calls with the same signatures as the
/// real Bridge (rskj co/rsk/peg/BridgeMethods.java), accepts RBTC sent to it as a
/// peg-out request or rejects and refunds it (BridgeSupport.requestRelease), and
/// lets the stand-in federation register peg-ins it observed on the Bitcoin devnet
/// as credited or rejected, with rskj's events (the real Bridge does that through
/// registerBtcTransaction with an SPV proof). A test switch (setLie) makes it
/// misreport the federation; another (setPegoutRejection) rejects every peg-out.
contract BridgeStandIn {
    string private federationAddress;
    int256 private minimumLockTxValue;
    /// rskj BridgeConstants.minimumPegoutTxValue, in sats: the Bridge has no getter for it.
    uint256 private minimumPegoutSats;
    /// Test switch: every peg-out is rejected with this RejectedPegoutReason (0: none forced).
    int256 private forcedPegoutRejection;
    address private federator;
    int256 private bestChainHeight;
    mapping(bytes32 => int64) private processedHeight;
    /// The active federation's redeem script and its members' BTC keys, 33 bytes each, sorted.
    bytes private redeemScript;
    bytes private federatorKeys;
    /// Hostile mode: what a lying node answers instead (empty: the truth).
    string private lieAddress;
    bytes private lieScript;
    bytes private lieKeys;

    // rskj co/rsk/peg/BridgeEvents.java, as BridgeEventLoggerImpl logs them after RSKIP427 (Lovell):
    // btcTxHash is the txid as displayed (bitcoinj Sha256Hash.getBytes), peg-in amounts in satoshis,
    // peg-out amounts in weis; reasons are rskj's RejectedPeginReason, NonRefundablePeginReason, RejectedPegoutReason.
    event pegin_btc(address indexed receiver, bytes32 indexed btcTxHash, int256 amount, int256 protocolVersion);
    event rejected_pegin(bytes32 indexed btcTxHash, int256 reason);
    event unrefundable_pegin(bytes32 indexed btcTxHash, int256 reason);
    event release_request_received(address indexed sender, string btcDestinationAddress, uint256 amount);
    event release_request_rejected(address indexed sender, uint256 amount, int256 reason);

    /// Code is placed with anvil_setCode, so no constructor runs: the federation initialises once.
    function initialize(string calldata fedAddress, int256 minLock, uint256 minPegout, address fed, bytes calldata script, bytes calldata keys) external {
        require(federator == address(0), "initialized");
        require(keys.length > 0 && keys.length % 33 == 0, "keys");
        federationAddress = fedAddress;
        minimumLockTxValue = minLock;
        minimumPegoutSats = minPegout;
        federator = fed;
        redeemScript = script;
        federatorKeys = keys;
    }

    /// Test switch: report this address (and, when not empty, this redeem script and these members' keys) for the federation.
    function setLie(string calldata fedAddress, bytes calldata script, bytes calldata keys) external {
        require(msg.sender == federator, "federator only");
        require(keys.length % 33 == 0, "keys");
        lieAddress = fedAddress;
        lieScript = script;
        lieKeys = keys;
    }

    /// Test switch: the Bridge's peg-in minimum from now on (rskj changed it once, with RSKIP219).
    function setMinimumLockTxValue(int256 minLock) external {
        require(msg.sender == federator, "federator only");
        minimumLockTxValue = minLock;
    }

    /// Test switch: reject every peg-out with this RejectedPegoutReason (0: only below the minimum).
    function setPegoutRejection(int256 reason) external {
        require(msg.sender == federator, "federator only");
        forcedPegoutRejection = reason;
    }

    function memberKeys() private view returns (bytes storage) {
        return lieKeys.length > 0 ? lieKeys : federatorKeys;
    }

    // rskj Bridge.java getFederationAddress: the active federation's address, base58.
    function getFederationAddress() external view returns (string memory) {
        return bytes(lieAddress).length > 0 ? lieAddress : federationAddress;
    }

    // rskj Bridge.java getFederationSize: members of the active federation.
    function getFederationSize() public view returns (int256) {
        return int256(memberKeys().length / 33);
    }

    // rskj Bridge.java getFederationThreshold: Federation.getNumberOfSignaturesRequired, size / 2 + 1.
    function getFederationThreshold() external view returns (int256) {
        return getFederationSize() / 2 + 1;
    }

    // rskj Bridge.java getFederatorPublicKeyOfType: a member's compressed key of type btc, rsk or mst;
    // rskj reverts on a bad index or type. On regtest the three keys are the same (FederationRegTestConstants).
    function getFederatorPublicKeyOfType(int256 index, string calldata keyType) external view returns (bytes memory) {
        require(index >= 0 && index < getFederationSize(), "index out of range");
        bytes32 t = keccak256(bytes(keyType));
        require(t == keccak256("btc") || t == keccak256("rsk") || t == keccak256("mst"), "unknown key type");
        bytes storage keys = memberKeys();
        bytes memory key = new bytes(33);
        uint256 start = uint256(index) * 33;
        for (uint256 i = 0; i < 33; i++) key[i] = keys[start + i];
        return key;
    }

    // rskj Bridge.java getActivePowpegRedeemScript (RSKIP293): the active federation's redeem script.
    function getActivePowpegRedeemScript() external view returns (bytes memory) {
        return lieScript.length > 0 ? lieScript : redeemScript;
    }

    // rskj Bridge.java getMinimumLockTxValue: BridgeConstants.getMinimumPeginTxValue, in satoshis (int).
    function getMinimumLockTxValue() external view returns (int256) {
        return minimumLockTxValue;
    }

    // rskj Bridge.java getBtcBlockchainBestChainHeight.
    function getBtcBlockchainBestChainHeight() external view returns (int256) {
        return bestChainHeight;
    }

    // rskj Bridge.java isBtcTxHashAlreadyProcessed: true for credited and rejected peg-ins alike.
    function isBtcTxHashAlreadyProcessed(string calldata hash) external view returns (bool) {
        return processedHeight[keccak256(bytes(hash))] != 0;
    }

    // rskj Bridge.java getBtcTxHashProcessedHeight: the Rootstock block that processed it
    // (BridgeSupport.markTxAsProcessed stores rskExecutionBlock.getNumber()), -1 if none.
    function getBtcTxHashProcessedHeight(string calldata hash) external view returns (int64) {
        int64 h = processedHeight[keccak256(bytes(hash))];
        return h == 0 ? int64(-1) : h;
    }

    /// The federation reports the Bitcoin tip it has seen.
    function setBestChainHeight(int256 height) external {
        require(msg.sender == federator, "federator only");
        bestChainHeight = height;
    }

    function markProcessed(string calldata btcTxHash) private {
        bytes32 key = keccak256(bytes(btcTxHash));
        require(processedHeight[key] == 0, "already processed");
        processedHeight[key] = int64(int256(block.number));
    }

    /// Credits a peg-in (rskj BridgeSupport.executePegIn): forwards the attached RBTC to the receiver.
    function creditPegin(string calldata btcTxHash, bytes32 btcTxHashBytes, address payable receiver) external payable {
        require(msg.sender == federator, "federator only");
        markProcessed(btcTxHash);
        (bool ok, ) = receiver.call{value: msg.value}("");
        require(ok, "transfer failed");
        emit pegin_btc(receiver, btcTxHashBytes, int256(msg.value / 1e10), 1);
    }

    /// Rejects a peg-in (rskj BridgeSupport.handleRefundablePegin / handleNonRefundablePegin): a refundable
    /// one is marked processed (the federation pays the refund on Bitcoin); an unrefundable one also logs
    /// unrefundable_pegin, and is marked processed only between RSKIP459 and RSKIP551 (markUnrefundable).
    function rejectPegin(string calldata btcTxHash, bytes32 btcTxHashBytes, int256 reason, int256 unrefundableReason, bool markUnrefundable) external {
        require(msg.sender == federator, "federator only");
        emit rejected_pegin(btcTxHashBytes, reason);
        if (unrefundableReason == 0) {
            markProcessed(btcTxHash);
            return;
        }
        emit unrefundable_pegin(btcTxHashBytes, unrefundableReason);
        if (markUnrefundable) markProcessed(btcTxHash);
    }

    /// Hands RBTC of a released peg-out to the federation, which pays the BTC.
    function settleRelease(uint256 amount) external {
        require(msg.sender == federator, "federator only");
        (bool ok, ) = payable(federator).call{value: amount}("");
        require(ok, "transfer failed");
    }

    /// RBTC sent to the Bridge is a peg-out request (rskj BridgeSupport.releaseBtc / requestRelease). Below the
    /// minimum (inclusive since Iris), or under a forced reason, the Bridge sends the RBTC back in the same
    /// transaction and logs release_request_rejected (RSKIP185). The real Bridge logs the base58 address
    /// derived from the sender's public key; a contract cannot see that key, so the stand-in logs an empty
    /// address and the federation derives it from the signed transaction.
    receive() external payable {
        int256 reason = forcedPegoutRejection;
        if (reason == 0 && msg.value / 1e10 < minimumPegoutSats) reason = 1; // LOW_AMOUNT
        if (reason != 0) {
            (bool ok, ) = payable(msg.sender).call{value: msg.value}("");
            require(ok, "refund failed");
            emit release_request_rejected(msg.sender, msg.value, reason);
            return;
        }
        emit release_request_received(msg.sender, "", msg.value);
    }
}
