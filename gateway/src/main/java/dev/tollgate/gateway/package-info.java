package dev.tollgate.gateway;
