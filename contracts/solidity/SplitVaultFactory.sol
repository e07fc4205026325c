// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {Clones} from "@openzeppelin/contracts/proxy/Clones.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";

/// The EIP-3009 entry points the factory needs (Circle's USDC and TestUSDC have them).
interface IERC3009Transfer {
    function transferWithAuthorization(
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

/// @title SplitVault
/// @notice An address whose recipients are fixed by its code: a clone (CREATE2, immutable args) of this contract
/// for one (payee, feeRecipient, feeBps) can only ever pay `floor(amount * feeBps / 10000)` to `feeRecipient` and
/// the rest to `payee`. Stock x402 clients sign a plain EIP-3009 transfer to it; whoever submits that transfer
/// (our relayer through the factory, or anyone copying it from the mempool) only moves the money in here.
contract SplitVault {
    using SafeERC20 for IERC20;

    uint256 private constant BPS = 10_000;
    /// The implementation's own address: its code has no args, so it must never split anything itself.
    address private immutable self;
    /// The factory that deployed the implementation: the only caller allowed a partial split.
    address public immutable factory;

    event Split(address indexed token, address indexed payee, uint256 net, address indexed feeRecipient, uint256 fee);

    error NotAClone();
    error OnlyFactory(address caller);
    error NothingToSweep();
    error AmountNotSent(uint256 expected, uint256 sent);

    constructor() {
        self = address(this);
        factory = msg.sender;
    }

    /// The fixed terms, read from this clone's own code.
    function terms() public view returns (address payee, address feeRecipient, uint16 feeBps) {
        if (address(this) == self) revert NotAClone();
        return abi.decode(Clones.fetchCloneArgs(address(this)), (address, address, uint16));
    }

    /// @notice Splits exactly `amount` (what one authorisation brought in). Factory only: a split of small parts
    /// would round each part's fee down, so others may only split the whole balance ({sweep}).
    function release(IERC20 token, uint256 amount) external returns (uint256 net, uint256 fee) {
        if (msg.sender != factory) revert OnlyFactory(msg.sender);
        return _split(token, amount);
    }

    /// @notice Anyone: splits everything this vault holds of `token` (money that arrived without the factory, e.g.
    /// an authorisation submitted to the token directly). It can only pay the fixed recipients.
    function sweep(IERC20 token) external returns (uint256 net, uint256 fee) {
        uint256 balance = token.balanceOf(address(this));
        if (balance == 0) revert NothingToSweep();
        return _split(token, balance);
    }

    function _split(IERC20 token, uint256 amount) private returns (uint256 net, uint256 fee) {
        (address payee, address feeRecipient, uint16 feeBps) = terms();
        fee = (amount * feeBps) / BPS;
        net = amount - fee;
        uint256 before = token.balanceOf(address(this));
        emit Split(address(token), payee, net, feeRecipient, fee);
        if (net > 0) token.safeTransfer(payee, net);
        if (fee > 0) token.safeTransfer(feeRecipient, fee);
        uint256 sent = before - token.balanceOf(address(this));
        if (sent != amount) revert AmountNotSent(amount, sent);
    }
}

/// @title SplitVaultFactory
/// @notice Deploys one SplitVault per (payee, feeRecipient, feeBps) at a CREATE2 address known before deployment,
/// and settles x402 `exact` payments made to a vault: executes the payer's EIP-3009 `transferWithAuthorization`
/// into the vault and splits exactly that amount in the same call, emitting FeeSplitter's `Paid` event (same
/// signature) naming the job. No owner, no settings.
contract SplitVaultFactory is ReentrancyGuard {
    uint256 private constant BPS = 10_000;
    address public immutable vaultImplementation;

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
    event VaultCreated(address indexed vault, address indexed payee, address indexed feeRecipient, uint16 feeBps);

    error InvalidTerms();
    error InvalidSignature();
    error AmountNotReceived(uint256 expected, uint256 received);

    constructor() {
        vaultImplementation = address(new SplitVault());
    }

    /// @notice The vault's address for these terms, deployed or not: the x402 `payTo`.
    function vaultOf(address payee, address feeRecipient, uint16 feeBps) public view returns (address) {
        return Clones.predictDeterministicAddressWithImmutableArgs(
            vaultImplementation, abi.encode(payee, feeRecipient, feeBps), bytes32(0));
    }

    /// @notice Deploys the vault for these terms if it has no code yet; returns its address either way.
    function deployVault(address payee, address feeRecipient, uint16 feeBps) public returns (address vault) {
        if (payee == address(0) || feeRecipient == address(0) || feeBps > BPS) revert InvalidTerms();
        bytes memory args = abi.encode(payee, feeRecipient, feeBps);
        vault = Clones.predictDeterministicAddressWithImmutableArgs(vaultImplementation, args, bytes32(0));
        if (vault.code.length == 0) {
            Clones.cloneDeterministicWithImmutableArgs(vaultImplementation, args, bytes32(0));
            emit VaultCreated(vault, payee, feeRecipient, feeBps);
        }
    }

    /// @notice Deploys the vault if needed and splits all it holds of `token` (anyone may call it).
    function sweep(address payee, address feeRecipient, uint16 feeBps, IERC20 token)
        external
        nonReentrant
        returns (uint256 net, uint256 fee)
    {
        return SplitVault(deployVault(payee, feeRecipient, feeBps)).sweep(token);
    }

    /// @notice Settles one x402 `exact` payment: `from`'s TransferWithAuthorization (to = the vault of these terms,
    /// `value`, window, nonce; `signature` is 65 bytes r || s || v) moves `value` into the vault, which pays
    /// `floor(value * feeBps / 10000)` to `feeRecipient` and the rest to `payee`; `Paid` names `jobRef`.
    /// Anyone may call it: the authorisation fixes the vault, and the vault fixes the recipients.
    function settle(
        address payee,
        address feeRecipient,
        uint16 feeBps,
        bytes32 jobRef,
        address token,
        address from,
        uint256 value,
        uint256 validAfter,
        uint256 validBefore,
        bytes32 nonce,
        bytes calldata signature
    ) external nonReentrant {
        SplitVault vault = SplitVault(deployVault(payee, feeRecipient, feeBps));
        _pull(token, from, address(vault), value, validAfter, validBefore, nonce, signature);
        _release(vault, jobRef, from, token, value);
    }

    /// Splits exactly `value` out of the vault and reports it for the job (recipients as the vault's code fixes them).
    function _release(SplitVault vault, bytes32 jobRef, address from, address token, uint256 value) private {
        (address payee, address feeRecipient,) = vault.terms();
        (uint256 net, uint256 fee) = vault.release(IERC20(token), value);
        emit Paid(jobRef, from, token, payee, net, feeRecipient, fee);
    }

    /// Executes the authorisation into the vault and checks the vault received exactly `value`.
    function _pull(
        address token,
        address from,
        address vault,
        uint256 value,
        uint256 validAfter,
        uint256 validBefore,
        bytes32 nonce,
        bytes calldata signature
    ) private {
        if (signature.length != 65) revert InvalidSignature();
        bytes32 r = bytes32(signature[0:32]);
        bytes32 s = bytes32(signature[32:64]);
        uint8 v = uint8(signature[64]);
        uint256 before = IERC20(token).balanceOf(vault);
        IERC3009Transfer(token).transferWithAuthorization(from, vault, value, validAfter, validBefore, nonce, v, r, s);
        uint256 received = IERC20(token).balanceOf(vault) - before;
        if (received != value) revert AmountNotReceived(value, received);
    }
}
