// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";

/// The x402 upto proxy's settle entry point (canonical address on every chain; LocalUptoPermit2Proxy locally).
interface IUptoPermit2Proxy {
    struct TokenPermissions {
        address token;
        uint256 amount;
    }

    struct PermitTransferFrom {
        TokenPermissions permitted;
        uint256 nonce;
        uint256 deadline;
    }

    struct Witness {
        address to;
        address facilitator;
        uint256 validAfter;
    }

    function settle(
        PermitTransferFrom calldata permit,
        uint256 amount,
        address owner,
        Witness calldata witness,
        bytes calldata signature
    ) external;
}

/// @title UptoSplitter
/// @notice Settles x402 `upto` payments with the protocol fee split in the same transaction. The stock client signs
/// a Permit2 witness transfer of at most a ceiling whose witness names this contract both as recipient (`to`, the
/// requirement's `payTo`) and as the only one allowed to settle it (`facilitator`); only the gateway's relayer may
/// call {settle}, so nobody else can settle a copied payload for another amount. Each call pulls exactly the actual
/// amount through the proxy and pays `floor(amount * feeBps / 10000)` to the fee recipient and the rest to the payee,
/// emitting FeeSplitter's `Paid` event naming the job. Holds nothing after a call.
contract UptoSplitter is ReentrancyGuard {
    using SafeERC20 for IERC20;

    uint256 private constant BPS = 10_000;
    /// x402's upto Permit2 proxy, at the same address on every chain.
    IUptoPermit2Proxy public constant PROXY = IUptoPermit2Proxy(0x4020A4f3b7b90ccA423B9fabCc0CE57C6C240002);
    /// The gateway's relayer: the only caller of {settle}.
    address public immutable relayer;

    /// Same signature as FeeSplitter's, so one verifier reads both.
    event Paid(
        bytes32 indexed jobRef,
        address indexed payer,
        address indexed token,
        address payee,
        uint256 net,
        address feeRecipient,
        uint256 fee
    );

    error OnlyRelayer(address caller);
    error InvalidTerms();
    error NothingToPay();
    error AmountNotReceived(uint256 expected, uint256 received);

    constructor(address relayer_) {
        if (relayer_ == address(0)) revert InvalidTerms();
        relayer = relayer_;
    }

    /// What one job is owed: `floor(amount * feeBps / 10000)` to `feeRecipient`, the rest to `payee`.
    struct Split {
        bytes32 jobRef;
        address payee;
        address feeRecipient;
        uint16 feeBps;
    }

    /// @notice Settles `amount` (at most the permitted ceiling) of `owner`'s signed permit and splits exactly that
    /// amount as `split` says; `Paid` names `split.jobRef`. Relayer only.
    function settle(
        Split calldata split,
        IUptoPermit2Proxy.PermitTransferFrom calldata permit,
        uint256 amount,
        address owner,
        IUptoPermit2Proxy.Witness calldata witness,
        bytes calldata signature
    ) external nonReentrant returns (uint256 net, uint256 fee) {
        if (msg.sender != relayer) revert OnlyRelayer(msg.sender);
        if (split.payee == address(0) || split.feeRecipient == address(0) || split.feeBps > BPS
            || witness.to != address(this)) {
            revert InvalidTerms();
        }
        if (amount == 0) revert NothingToPay();
        IERC20 token = IERC20(permit.permitted.token);
        uint256 before = token.balanceOf(address(this));
        PROXY.settle(permit, amount, owner, witness, signature);
        uint256 received = token.balanceOf(address(this)) - before;
        if (received != amount) revert AmountNotReceived(amount, received);
        return _pay(split, owner, token, amount);
    }

    function _pay(Split calldata split, address payer, IERC20 token, uint256 amount)
        private
        returns (uint256 net, uint256 fee)
    {
        fee = (amount * split.feeBps) / BPS;
        net = amount - fee;
        emit Paid(split.jobRef, payer, address(token), split.payee, net, split.feeRecipient, fee);
        if (net > 0) token.safeTransfer(split.payee, net);
        if (fee > 0) token.safeTransfer(split.feeRecipient, fee);
    }
}
