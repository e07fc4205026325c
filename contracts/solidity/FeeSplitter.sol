// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {Address} from "@openzeppelin/contracts/utils/Address.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";

/// The EIP-3009 entry point FeeSplitter needs (Circle's USDC and TestUSDC have it).
interface IERC3009Receive {
    function receiveWithAuthorization(
        address from,
        address to,
        uint256 value,
        uint256 validAfter,
        uint256 validBefore,
        bytes32 nonce,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external;
}

/// @title FeeSplitter
/// @notice Pays one job in one call: exactly `net` to the payee and exactly `fee` to the fee recipient, in the
/// native coin or an ERC-20, and emits one `Paid` event naming the job (`jobRef = keccak256(bytes(memo))`, memo
/// `ATP:<job_id>`). Stateless: no owner, no storage but the reentrancy guard, holds no funds after a call.
contract FeeSplitter is ReentrancyGuard {
    using SafeERC20 for IERC20;

    /// One per payment; `token` is address(0) for the native coin.
    event Paid(
        bytes32 indexed jobRef,
        address indexed payer,
        address indexed token,
        address payee,
        uint256 net,
        address feeRecipient,
        uint256 fee
    );

    error DeadlinePassed(uint256 deadline, uint256 timestamp);
    error NothingToPay();
    error InvalidRecipient(address recipient);
    error WrongValue(uint256 expected, uint256 sent);
    /// The permit neither worked nor had been used already (allowance still short).
    error PermitFailed(uint256 allowance, uint256 needed);
    /// A recipient (or this contract) did not get exactly what was sent: fee-on-transfer or rebasing token.
    error AmountNotReceived(address account, uint256 expected, uint256 received);

    bytes32 private constant AUTHORIZATION_TERMS_TYPEHASH =
        keccak256("FeeSplitterTerms(address splitter,bytes32 jobRef,address token,address payee,uint256 net,address feeRecipient,uint256 fee,uint256 deadline)");

    /// @notice Pays in the native coin; `msg.value` must be exactly `net + fee`.
    function payNative(
        bytes32 jobRef,
        address payee,
        uint256 net,
        address feeRecipient,
        uint256 fee,
        uint256 deadline
    ) external payable nonReentrant {
        uint256 total = _checkTerms(payee, net, feeRecipient, fee, deadline);
        if (msg.value != total) revert WrongValue(total, msg.value);
        emit Paid(jobRef, msg.sender, address(0), payee, net, feeRecipient, fee);
        // Interactions last; sendValue bubbles the recipient's revert reason.
        if (net > 0) Address.sendValue(payable(payee), net);
        if (fee > 0) Address.sendValue(payable(feeRecipient), fee);
    }

    /// @notice Pays in an ERC-20 the caller approved this contract to spend (at least `net + fee`).
    function payToken(
        bytes32 jobRef,
        IERC20 token,
        address payee,
        uint256 net,
        address feeRecipient,
        uint256 fee,
        uint256 deadline
    ) external nonReentrant {
        uint256 total = _checkTerms(payee, net, feeRecipient, fee, deadline);
        emit Paid(jobRef, msg.sender, address(token), payee, net, feeRecipient, fee);
        _pullFrom(token, msg.sender, total);
        _split(token, payee, net, feeRecipient, fee);
    }

    /// @notice Pays in an EIP-2612 token in one transaction: the caller's permit for exactly `net + fee` with
    /// `deadline` as the permit's deadline. Only the permit's owner can use it here (it pays from msg.sender), so
    /// a permit copied from the mempool cannot redirect the funds.
    function payTokenWithPermit(
        bytes32 jobRef,
        IERC20 token,
        address payee,
        uint256 net,
        address feeRecipient,
        uint256 fee,
        uint256 deadline,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external nonReentrant {
        uint256 total = _checkTerms(payee, net, feeRecipient, fee, deadline);
        // Someone may have front-run the permit itself (it is public once in the mempool); the allowance is
        // what counts, so a failed permit is fine as long as the allowance is there.
        try IERC20Permit(address(token)).permit(msg.sender, address(this), total, deadline, v, r, s) {} catch {
            uint256 allowance = token.allowance(msg.sender, address(this));
            if (allowance < total) revert PermitFailed(allowance, total);
        }
        emit Paid(jobRef, msg.sender, address(token), payee, net, feeRecipient, fee);
        _pullFrom(token, msg.sender, total);
        _split(token, payee, net, feeRecipient, fee);
    }

    /// @notice Pays in an EIP-3009 token from `payer`'s signed `ReceiveWithAuthorization` (to = this contract,
    /// value = `net + fee`, validAfter = 0, validBefore = `deadline + 1`, nonce = `authorizationNonce(...)`).
    /// Anyone may submit it (gasless for the payer): the nonce commits the signature to these exact terms.
    function payTokenWithAuthorization(
        bytes32 jobRef,
        address token,
        address payer,
        address payee,
        uint256 net,
        address feeRecipient,
        uint256 fee,
        uint256 deadline,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external nonReentrant {
        uint256 total = _checkTerms(payee, net, feeRecipient, fee, deadline);
        bytes32 nonce = authorizationNonce(jobRef, token, payee, net, feeRecipient, fee, deadline);
        emit Paid(jobRef, payer, token, payee, net, feeRecipient, fee);
        uint256 before = IERC20(token).balanceOf(address(this));
        IERC3009Receive(token).receiveWithAuthorization(payer, address(this), total, 0, deadline + 1, nonce, v, r, s);
        _expectDelta(IERC20(token), address(this), before, total);
        _split(IERC20(token), payee, net, feeRecipient, fee);
    }

    /// @notice The EIP-3009 nonce a payer signs for `payTokenWithAuthorization` with these terms.
    function authorizationNonce(
        bytes32 jobRef,
        address token,
        address payee,
        uint256 net,
        address feeRecipient,
        uint256 fee,
        uint256 deadline
    ) public view returns (bytes32) {
        return keccak256(
            abi.encode(AUTHORIZATION_TERMS_TYPEHASH, address(this), jobRef, token, payee, net, feeRecipient, fee, deadline)
        );
    }

    function _checkTerms(address payee, uint256 net, address feeRecipient, uint256 fee, uint256 deadline)
        private
        view
        returns (uint256 total)
    {
        if (block.timestamp > deadline) revert DeadlinePassed(deadline, block.timestamp);
        total = net + fee;
        if (total == 0) revert NothingToPay();
        // This contract is never a party: it must hold nothing once the call ends.
        if (payee == address(0) || payee == address(this)) revert InvalidRecipient(payee);
        if (feeRecipient == address(0) || feeRecipient == address(this)) revert InvalidRecipient(feeRecipient);
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
