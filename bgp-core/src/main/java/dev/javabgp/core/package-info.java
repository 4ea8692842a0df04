/**
 * The BGP speaker: sessions on Netty transport, joined to the RIB, behind a small embedding API.
 */
package dev.javabgp.core;
