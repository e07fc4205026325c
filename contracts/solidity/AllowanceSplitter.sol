// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";

/// @title AllowanceSplitter
/// @notice Charges payers who approved this contract (ERC-20 `approve`) up front: one `charge` pulls exactly
/// `net + fee` from the payer and pays `net` to the payee and `fee` to the fee recipient in the same call, once per
/// job, and emits FeeSplitter's `Paid` event naming the job (`jobRef = keccak256(bytes(memo))`, memo `ATP:<job_id>`).
/// Only the billers fixed at deployment (the gateway's relayer keys) may charge: otherwise anyone could move any
/// approver's funds anywhere. No owner, no settings, no upgrade path; holds no funds after a call.
contract AllowanceSplitter is ReentrancyGuard {
    using SafeERC20 for IERC20;

    /// One per charge; FeeSplitter's signature, so the same verifier reads both.
    event Paid(
        bytes32 indexed jobRef,
        address indexed payer,
        address indexed token,
        address payee,
        uint256 net,
        address feeRecipient,
        uint256 fee
    );

    error NoBillers();
    error InvalidBiller(address biller);
    error NotBiller(address caller);
    error AlreadyCharged(bytes32 jobRef);
    error DeadlinePassed(uint256 deadline, uint256 timestamp);
    error NothingToPay();
    error InvalidPayer(address payer);
    error InvalidRecipient(address recipient);
    /// A recipient (or this contract) did not get exactly what was sent: fee-on-transfer or rebasing token.
    error AmountNotReceived(address account, uint256 expected, uint256 received);

    /// Who may charge; set once by the constructor.
    mapping(address => bool) public isBiller;
    /// Jobs already charged: a job is paid at most once, whatever the billers sign.
    mapping(bytes32 => bool) public charged;

    constructor(address[] memory billers) {
        if (billers.length == 0) revert NoBillers();
        for (uint256 i = 0; i < billers.length; i++) {
            if (billers[i] == address(0)) revert InvalidBiller(billers[i]);
            isBiller[billers[i]] = true;
        }
    }

    /// @notice Pulls `net + fee` of `token` from `payer` (within what the payer approved this contract for) and
    /// pays `net` to `payee` and `fee` to `feeRecipient`. Billers only; reverts after `deadline` (unix seconds)
    /// and for a job already charged.
    function charge(
        bytes32 jobRef,
        address payer,
        IERC20 token,
        address payee,
        uint256 net,
        address feeRecipient,
        uint256 fee,
        uint256 deadline
    ) external nonReentrant {
        if (!isBiller[msg.sender]) revert NotBiller(msg.sender);
        if (block.timestamp > deadline) revert DeadlinePassed(deadline, block.timestamp);
        uint256 total = net + fee;
        if (total == 0) revert NothingToPay();
        if (payer == address(0) || payer == address(this)) revert InvalidPayer(payer);
        // This contract is never a party: it must hold nothing once the call ends.
        if (payee == address(0) || payee == address(this)) revert InvalidRecipient(payee);
        if (feeRecipient == address(0) || feeRecipient == address(this)) revert InvalidRecipient(feeRecipient);
        if (charged[jobRef]) revert AlreadyCharged(jobRef);
        charged[jobRef] = true;
        emit Paid(jobRef, payer, address(token), payee, net, feeRecipient, fee);
        _pullFrom(token, payer, total);
        _split(token, payee, net, feeRecipient, fee);
    }

    /// Pulls `total` into this contract first, so balance checks never alias with the payer's own balance.
    function _pullFrom(IERC20 token, address payer, uint256 total) private {
        uint256 before = token.balanceOf(address(this));
        token.safeTransferFrom(payer, address(this), total);
        _expectDelta(token, address(this), before, total);
    }

    /// Sends exactly `net` and `fee` on, checking what arrived, and leaves this contract's balance as it was.
    function _split(IERC20 token, address payee, uint256 net, address feeRecipient, uint256 fee) private {
        uint256 own = token.balanceOf(address(this)) - net - fee;
        uint256 payeeBefore = token.balanceOf(payee);
        uint256 feeBefore = payee == feeRecipient ? payeeBefore : token.balanceOf(feeRecipient);
        if (net > 0) token.safeTransfer(payee, net);
        if (fee > 0) token.safeTransfer(feeRecipient, fee);
        if (payee == feeRecipient) {
            _expectDelta(token, payee, payeeBefore, net + fee);
        } else {
            _expectDelta(token, payee, payeeBefore, net);
            _expectDelta(token, feeRecipient, feeBefore, fee);
        }
        uint256 left = token.balanceOf(address(this));
        if (left != own) revert AmountNotReceived(address(this), own, left);
    }

    function _expectDelta(IERC20 token, address account, uint256 before, uint256 expected) private view {
        uint256 balance = token.balanceOf(account);
        uint256 received = balance > before ? balance - before : 0;
        if (received != expected) revert AmountNotReceived(account, expected, received);
    }
}
