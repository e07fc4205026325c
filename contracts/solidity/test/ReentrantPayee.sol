// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {FeeSplitter} from "../FeeSplitter.sol";

/// Test only: a payee that, when paid, calls straight back into the splitter to pay itself again.
contract ReentrantPayee {
    FeeSplitter private immutable splitter;

    constructor(FeeSplitter splitter_) {
        splitter = splitter_;
    }

    receive() external payable {
        splitter.payNative{value: msg.value}(bytes32(0), address(this), msg.value, address(this), 0, block.timestamp);
    }
}
