/** The {@code nearline} command line: {@code nearline server}, and a client for its REST API. */
package io.nearline.server.cli;
