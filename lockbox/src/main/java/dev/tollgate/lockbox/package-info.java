package dev.tollgate.lockbox;
