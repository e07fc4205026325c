// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {SignatureChecker} from "@openzeppelin/contracts/utils/cryptography/SignatureChecker.sol";

/// @title LocalPermit2
/// @notice Our own minimal stand-in for Permit2's SignatureTransfer, for LOCAL chains only (anvil has no Permit2):
/// just what x402's `upto` proxy calls (`permitWitnessTransferFrom`) plus the reads a facilitator makes
/// (`nonceBitmap`, `DOMAIN_SEPARATOR`) and the owner's own nonce cancel. Written from Permit2's published ABI and
/// EIP-712 types, not its source. Its runtime code is placed with `anvil_setCode` at Permit2's canonical address,
/// so it has no constructor and no immutables: the EIP-712 domain {name "Permit2", chainId, verifyingContract} is
/// computed at call time from `block.chainid` and `address(this)`.
contract LocalPermit2 {
    using SafeERC20 for IERC20;

    struct TokenPermissions {
        address token;
        uint256 amount;
    }

    struct PermitTransferFrom {
        TokenPermissions permitted;
        uint256 nonce;
        uint256 deadline;
    }

    struct SignatureTransferDetails {
        address to;
        uint256 requestedAmount;
    }

    bytes32 private constant DOMAIN_TYPEHASH =
        keccak256("EIP712Domain(string name,uint256 chainId,address verifyingContract)");
    bytes32 private constant NAME_HASH = keccak256("Permit2");
    bytes32 private constant TOKEN_PERMISSIONS_TYPEHASH = keccak256("TokenPermissions(address token,uint256 amount)");
    /// The primary type up to its witness member; the caller appends the witness member and the referenced types.
    string private constant WITNESS_TYPE_PREFIX =
        "PermitWitnessTransferFrom(TokenPermissions permitted,address spender,uint256 nonce,uint256 deadline,";

    /// Unordered nonces: bit `nonce & 0xff` of word `nonce >> 8` is set once the nonce is used.
    mapping(address owner => mapping(uint256 word => uint256 bits)) public nonceBitmap;

    event UnorderedNonceInvalidation(address indexed owner, uint256 word, uint256 mask);

    error SignatureExpired(uint256 deadline);
    error InvalidAmount(uint256 maxAmount);
    error InvalidNonce();
    error InvalidSigner();

    /// @notice Permit2's EIP-712 domain separator on this chain at this address.
    function DOMAIN_SEPARATOR() public view returns (bytes32) {
        return keccak256(abi.encode(DOMAIN_TYPEHASH, NAME_HASH, block.chainid, address(this)));
    }

    /// @notice Moves `transferDetails.requestedAmount` (at most the permitted amount) of the permitted token from
    /// `owner` to `transferDetails.to`, once per nonce, when `owner` signed a PermitWitnessTransferFrom naming the
    /// caller as spender and committing to `witness` (a struct hash of the type `witnessTypeString` completes).
    /// The owner must have approved this contract on the token.
    function permitWitnessTransferFrom(
        PermitTransferFrom calldata permit,
        SignatureTransferDetails calldata transferDetails,
        address owner,
        bytes32 witness,
        string calldata witnessTypeString,
        bytes calldata signature
    ) external {
        if (block.timestamp > permit.deadline) revert SignatureExpired(permit.deadline);
        if (transferDetails.requestedAmount > permit.permitted.amount) revert InvalidAmount(permit.permitted.amount);
        bytes32 typeHash = keccak256(abi.encodePacked(WITNESS_TYPE_PREFIX, witnessTypeString));
        bytes32 permittedHash =
            keccak256(abi.encode(TOKEN_PERMISSIONS_TYPEHASH, permit.permitted.token, permit.permitted.amount));
        bytes32 structHash =
            keccak256(abi.encode(typeHash, permittedHash, msg.sender, permit.nonce, permit.deadline, witness));
        bytes32 digest = keccak256(abi.encodePacked(hex"1901", DOMAIN_SEPARATOR(), structHash));
        _useNonce(owner, permit.nonce);
        if (!SignatureChecker.isValidSignatureNow(owner, digest, signature)) revert InvalidSigner();
        IERC20(permit.permitted.token).safeTransferFrom(owner, transferDetails.to, transferDetails.requestedAmount);
    }

    /// @notice The caller cancels its own unused nonces: every bit of `mask` in word `wordPos`.
    function invalidateUnorderedNonces(uint256 wordPos, uint256 mask) external {
        nonceBitmap[msg.sender][wordPos] |= mask;
        emit UnorderedNonceInvalidation(msg.sender, wordPos, mask);
    }

    function _useNonce(address owner, uint256 nonce) private {
        uint256 bit = 1 << (nonce & 0xff);
        uint256 word = nonce >> 8;
        uint256 bits = nonceBitmap[owner][word];
        if (bits & bit != 0) revert InvalidNonce();
        nonceBitmap[owner][word] = bits | bit;
    }
}
