/** The probe SPI, and the probes that work for any application (a user's own script). */
package io.nearline.drills.probe;
