// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";
import {LocalPermit2} from "./LocalPermit2.sol";

/// @title LocalUptoPermit2Proxy
/// @notice Our own minimal stand-in for x402's upto Permit2 proxy, for LOCAL chains only, with the ABI the stock
/// x402 EVM upto facilitator calls (`settle(permit, amount, owner, witness, signature)`), written from that ABI
/// and x402's witness type, not its source. The payer signs a Permit2 witness transfer whose spender is this proxy
/// and whose witness names the recipient (`to`) and the one address allowed to settle it (`facilitator`); the
/// facilitator then moves any `amount` up to the permitted ceiling to `to`, once. Its runtime code is placed with
/// `anvil_setCode` at the canonical address, so nothing here depends on constructor state (the reentrancy guard reads unset storage as "not entered").
contract LocalUptoPermit2Proxy is ReentrancyGuard {
    struct Witness {
        address to;
        address facilitator;
        uint256 validAfter;
    }

    /// Permit2's canonical address (where LocalPermit2 is placed on local chains).
    LocalPermit2 public constant PERMIT2 = LocalPermit2(0x000000000022D473030F116dDEE9F6B43aC78BA3);
    /// The witness member and the referenced types, as Permit2 appends them to its primary type.
    string public constant WITNESS_TYPE_STRING =
        "Witness witness)TokenPermissions(address token,uint256 amount)Witness(address to,address facilitator,uint256 validAfter)";
    bytes32 public constant WITNESS_TYPEHASH = keccak256("Witness(address to,address facilitator,uint256 validAfter)");

    event Settled();

    error AmountExceedsPermitted();
    error InvalidDestination();
    error InvalidOwner();
    error PaymentTooEarly();
    error UnauthorizedFacilitator();

    /// @notice Moves `amount` (at most `permit.permitted.amount`) from `owner` to `witness.to`; only
    /// `witness.facilitator` may call it, not before `witness.validAfter`. Permit2 checks the signature, the
    /// deadline and the nonce (each nonce pays once).
    function settle(
        LocalPermit2.PermitTransferFrom calldata permit,
        uint256 amount,
        address owner,
        Witness calldata witness,
        bytes calldata signature
    ) external nonReentrant {
        if (msg.sender != witness.facilitator) revert UnauthorizedFacilitator();
        if (amount > permit.permitted.amount) revert AmountExceedsPermitted();
        if (owner == address(0)) revert InvalidOwner();
        if (witness.to == address(0)) revert InvalidDestination();
        if (block.timestamp < witness.validAfter) revert PaymentTooEarly();
        bytes32 witnessHash = keccak256(abi.encode(WITNESS_TYPEHASH, witness.to, witness.facilitator, witness.validAfter));
        PERMIT2.permitWitnessTransferFrom(
            permit,
            LocalPermit2.SignatureTransferDetails({to: witness.to, requestedAmount: amount}),
            owner,
            witnessHash,
            WITNESS_TYPE_STRING,
            signature
        );
        emit Settled();
    }
}
