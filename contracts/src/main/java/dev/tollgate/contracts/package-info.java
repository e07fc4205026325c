package dev.tollgate.contracts;
