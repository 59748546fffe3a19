package io.dpsbatch;

import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class DpsBatchApplication {

	public static void main(String[] args) {
	}

}
