/** An example callout bundle for Weir. Private: a callout bundle exports nothing. */
package com.example.weir.callout;
