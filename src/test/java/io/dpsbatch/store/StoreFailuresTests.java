package io.dpsbatch.store;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import org.junit.jupiter.api.Test;

import org.springframework.transaction.CannotCreateTransactionException;

import static org.assertj.core.api.Assertions.assertThat;

class StoreFailuresTests {

	@Test
	void theDriversDeepestMessageSaysWhatIsWrong() {
		SQLException refused = new SQLException("FATAL: role \"batch\" is not permitted to log in", "28000");
		Throwable failure = new CannotCreateTransactionException("Could not open JDBC Connection for transaction",
				new SQLTransientConnectionException("HikariPool-1 - Connection is not available", "08001", refused));

		assertThat(StoreFailures.describe(failure)).hasValue(
				"cannot use the results store (spring.datasource.url): FATAL: role \"batch\" is not permitted to log in");
	}

	@Test
	void anUnknownHostOrARefusedConnectionIsNamed() {
		SQLException unknown = new SQLException("The connection attempt failed.", "08001",
				new UnknownHostException("db.invalid"));
		SQLException refused = new SQLException("Connection to 127.0.0.1:1 refused.", "08001",
				new ConnectException("Connection refused"));

		assertThat(StoreFailures.describe(new IllegalStateException("wrapped", unknown))).hasValue(
				"cannot use the results store (spring.datasource.url): The connection attempt failed. (unknown host db.invalid)");
		assertThat(StoreFailures.describe(refused)).hasValue("cannot use the results store (spring.datasource.url):"
				+ " Connection to 127.0.0.1:1 refused. (Connection refused)");
	}

	@Test
	void otherFailuresAreNotTheStores() {
		assertThat(StoreFailures.describe(new IllegalStateException("no", new RuntimeException("deeper")))).isEmpty();
	}

}
