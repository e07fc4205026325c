package dev.tollgate.pricing;
